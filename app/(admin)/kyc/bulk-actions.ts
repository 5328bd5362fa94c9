'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { approveBulkProposal, declineBulkProposal, decideInBulk, kycBulkDecisionSchema, kycProposalSchema } from '@/lib/kyc/kyc-bulk';

const review = { permission: 'kyc:review' } as const;

const summary = (results: Array<{ status: string }>) => {
  const count = (status: string) => results.filter((result) => result.status === status).length;
  return `${count('applied')} applied, ${count('skipped')} skipped, ${count('failed')} failed.`;
};

export const decideInBulkAction = adminAction({ ...review, schema: kycBulkDecisionSchema }, async ({ input, actor, em, audit }) => {
  const outcome = await decideInBulk(em, actor, input, { context: audit });
  revalidatePath('/kyc');
  if (outcome.kind === 'proposed') {
    return { ok: true, message: `More than ${outcome.threshold} cases: proposed for a second reviewer's approval (${outcome.cases} cases).` };
  }
  return { ok: true, message: `Bulk decision recorded: ${summary(outcome.results)}` };
});

export const approveBulkProposalAction = adminAction({ ...review, schema: kycProposalSchema }, async ({ input, actor, em, audit }) => {
  const outcome = await approveBulkProposal(em, actor, input, { context: audit });
  revalidatePath('/kyc');
  return { ok: true, message: `Proposal approved: ${summary(outcome.results)}` };
});

export const declineBulkProposalAction = adminAction({ ...review, schema: kycProposalSchema }, async ({ input, actor, em }) => {
  await declineBulkProposal(em, actor, input);
  revalidatePath('/kyc');
  return { ok: true, message: 'Proposal declined.' };
});
