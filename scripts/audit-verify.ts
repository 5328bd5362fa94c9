// npm run audit:verify – re-verify every audit trail entry's hash and link; exit 1 naming the first bad entry
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { withCliOrm } from './lib/cli-orm';
import { exitWith } from './lib/exit-with';

async function main(): Promise<number> {
  const state = await withCliOrm((orm) => verifyAuditChain(orm.em.fork(), 'full'));
  if (state.intact) {
    console.log(`Audit chain intact: ${state.entries} entries, head #${state.headSeq ?? '-'} ${state.headHash ?? ''} (recorded as the verified checkpoint).`);
    return 0;
  }
  const why =
    state.reason === 'content-changed'
      ? 'its content no longer matches its hash'
      : 'its link to the entry before it is broken (an entry was removed or replaced)';
  console.error(`Audit chain BROKEN at entry #${state.brokenAtSeq} (id ${state.brokenEntryId}): ${why}.`);
  return 1;
}

exitWith(main);
