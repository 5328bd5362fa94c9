'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/action';
import { claimCase, claimNext, releaseCase, renewLease, requireOwnCase } from '@/lib/kyc/kyc-claims';
import { addKycNote, decideKycCase } from '@/lib/kyc/kyc-decisions';
import { chooseAccessReason } from '@/lib/kyc/kyc-documents.service';
import { chooseAccessReasonSchema, kycCaseSchema, kycDecisionSchema, kycNoteSchema } from '@/lib/kyc/kyc.schemas';

const review = { permission: 'kyc:review' } as const;

export const claimNextAction = adminAction<z.ZodObject, { identityHash: string }>({ ...review, schema: z.object({}) }, async ({ actor, em }) => {
  const claimed = await claimNext(em, actor);
  if (!claimed) return { ok: false, message: 'Nothing left to claim: every open case is held by a reviewer or decided.' };
  revalidatePath('/kyc');
  return { ok: true, message: 'Case claimed for 30 minutes.', data: { identityHash: claimed.identityHash } };
});

export const claimCaseAction = adminAction({ ...review, schema: kycCaseSchema }, async ({ input, actor, em }) => {
  await claimCase(em, actor, input.identityHash);
  revalidatePath(`/kyc/${input.identityHash}`);
  return { ok: true, message: 'Case claimed for 30 minutes.' };
});

export const releaseCaseAction = adminAction({ ...review, schema: kycCaseSchema }, async ({ input, actor, em }) => {
  await requireOwnCase(em, actor, input.identityHash);
  await releaseCase(em, actor, input.identityHash, 'released');
  revalidatePath(`/kyc/${input.identityHash}`);
  return { ok: true, message: 'Case released to the queue.' };
});

/** Called by the open review page every few minutes: keeps the claim while the reviewer works. */
export const renewLeaseAction = adminAction<typeof kycCaseSchema, { leaseExpiresAt: string | null }>(
  { ...review, schema: kycCaseSchema },
  async ({ input, actor, em }) => {
    const until = await renewLease(em, actor, input.identityHash);
    if (!until) return { ok: false, message: 'Another reviewer holds this case now; your claim ended.', data: { leaseExpiresAt: null } };
    return { ok: true, data: { leaseExpiresAt: new Date(until).toISOString() } };
  },
);

export const chooseAccessReasonAction = adminAction({ ...review, schema: chooseAccessReasonSchema }, async ({ input, actor, em }) => {
  await chooseAccessReason(em, actor, input);
  revalidatePath(`/kyc/${input.identityHash}`);
  return { ok: true, message: 'Reason recorded; each document you open is logged with it.' };
});

const DECIDED: Record<z.infer<typeof kycDecisionSchema>['decision'], string> = {
  approve: 'Approved',
  reject: 'Rejected',
  resubmit: 'Resubmission requested',
};

export const decideKycCaseAction = adminAction({ ...review, schema: kycDecisionSchema }, async ({ input, actor, em, audit }) => {
  const result = await decideKycCase(em, actor, input, { context: audit });
  revalidatePath('/kyc');
  revalidatePath(`/kyc/${input.identityHash}`);
  return { ok: true, message: `${DECIDED[input.decision]}. The legacy record now says “${result.legacyStatus}”.` };
});

export const addKycNoteAction = adminAction({ ...review, schema: kycNoteSchema }, async ({ input, actor, em }) => {
  await addKycNote(em, actor, input);
  revalidatePath(`/kyc/${input.identityHash}`);
  return { ok: true, message: 'Note added.' };
});
