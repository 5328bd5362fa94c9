'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { approveBulkProposal, declineBulkProposal, decideInBulk, kycBulkDecisionSchema, kycProposalSchema, type BulkCaseResult } from '@/lib/kyc/kyc-bulk';

const review = { permission: 'kyc:review' } as const;

/** What a bulk action hands back: every case's result, for the per-case list beside the summary. */
export type BulkActionData = { results: BulkCaseResult[] };

const summary = (results: Array<{ status: string }>) => {
  const count = (status: string) => results.filter((result) => result.status === status).length;
  return `${count('applied')} applied, ${count('skipped')} skipped, ${count('failed')} failed.`;
};

export const decideInBulkAction = adminAction<typeof kycBulkDecisionSchema, BulkActionData>(
  { ...review, schema: kycBulkDecisionSchema },
  async ({ input, actor, em, audit }) => {
    const outcome = await decideInBulk(em, actor, input, { context: audit });
    revalidatePath('/kyc');
    if (outcome.kind === 'proposed') {
      return { ok: true, message: `More than ${outcome.threshold} cases: proposed for a second reviewer's approval (${outcome.cases} cases).` };
    }
    return { ok: true, message: `Bulk decision recorded: ${summary(outcome.results)}`, data: { results: outcome.results } };
  },
);

export const approveBulkProposalAction = adminAction<typeof kycProposalSchema, BulkActionData>(
  { ...review, schema: kycProposalSchema },
  async ({ input, actor, em, audit }) => {
    const outcome = await approveBulkProposal(em, actor, input, { context: audit });
    revalidatePath('/kyc');
    return { ok: true, message: `Proposal approved: ${summary(outcome.results)}`, data: { results: outcome.results } };
  },
);

export const declineBulkProposalAction = adminAction({ ...review, schema: kycProposalSchema }, async ({ input, actor, em }) => {
  await declineBulkProposal(em, actor, input);
  revalidatePath('/kyc');
  return { ok: true, message: 'Proposal declined.' };
});
