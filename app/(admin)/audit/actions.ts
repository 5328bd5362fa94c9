'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/action';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

/** Re-verifies every entry of the chain (not only those after the checkpoint) and records a new checkpoint. */
export const verifyWholeAuditChainAction = adminAction({ permission: 'audit:verify', schema: z.object({}) }, async ({ em }) => {
  const state = await verifyAuditChain(em, 'full');
  revalidatePath('/audit');
  return state.intact
    ? { ok: true, message: `Whole chain verified: ${state.entries.toLocaleString('en-US')} entries intact.` }
    : { ok: false, message: `Chain broken at entry #${state.brokenAtSeq} (${state.reason === 'content-changed' ? 'content changed' : 'link broken'}).` };
});
