'use server';

import { adminAction } from '@/lib/action';
import { mfaCodeSchema, startTotpEnrolmentSchema } from '@/lib/admin-mfa/admin-mfa.schemas';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from '@/lib/admin-mfa/admin-mfa.service';

// The admin's own second factor: `account:own`, reachable while a required enrolment is still owed.
const ownAccount = { permission: 'account:own' } as const;

export const startTotpEnrolmentAction = adminAction<typeof startTotpEnrolmentSchema, { secret: string; uri: string; qrSvg: string }>(
  { ...ownAccount, schema: startTotpEnrolmentSchema },
  async ({ actor, em }) => ({ ok: true, data: await startTotpEnrolment(em, actor) }),
);

export const confirmTotpEnrolmentAction = adminAction<typeof mfaCodeSchema, { recoveryCodes: string[] }>(
  { ...ownAccount, schema: mfaCodeSchema },
  async ({ input, actor, em, audit }) => {
    const result = await confirmTotpEnrolment(em, actor, input.code, audit);
    return result.ok ? { ok: true, data: { recoveryCodes: result.recoveryCodes } } : { ok: false, fieldErrors: result.fieldErrors };
  },
);

export const disableTotpAction = adminAction({ ...ownAccount, schema: mfaCodeSchema }, async ({ input, actor, em, audit }) => {
  const result = await disableTotp(em, actor, input.code, audit);
  return result.ok ? { ok: true, message: 'Two-step sign-in is off.' } : { ok: false, fieldErrors: result.fieldErrors };
});
