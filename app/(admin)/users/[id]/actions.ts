'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { invalidateLegacyResponses } from '@/lib/legacy-api/response-cache';
import { changeAccountStatus } from '@/lib/users/account-status.service';
import { revealPhone } from '@/lib/users/phone-reveal';
import { changeAccountStatusSchema, revealPhoneSchema } from '@/lib/users/user-page.schemas';

// The wrapper checks each permission: a role without it is refused whatever the page showed it.

/** The full number, for the one admin who asked, with the reason the audit trail and the access log keep. */
export const revealPhoneAction = adminAction<typeof revealPhoneSchema, { phone: string }>(
  { permission: 'users:reveal-pii', schema: revealPhoneSchema },
  async ({ input, actor, em, audit }) => {
    const { phone } = await revealPhone(em, actor, input, audit);
    return { ok: true, data: { phone } };
  },
);

export const changeAccountStatusAction = adminAction<typeof changeAccountStatusSchema>(
  { permission: 'users:write', schema: changeAccountStatusSchema },
  async ({ input, em, audit, afterCommit }) => {
    const { to } = await changeAccountStatus(em, input, { context: audit });
    // The legacy users routes cache their answers; the change must show there at once.
    afterCommit(invalidateLegacyResponses);
    revalidatePath(`/users/${input.identityId}`);
    return { ok: true, message: to === 'suspended' ? 'The account is suspended.' : 'The account is active again.' };
  },
);
