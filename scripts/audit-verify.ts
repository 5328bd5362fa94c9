// npm run audit:verify – re-verify every audit trail entry's hash and link, and that the chain still holds every signed anchor; exit 1 naming what is broken
import { checkAuditAnchors, auditAnchorPath } from '@/lib/audit/audit-anchor';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { env } from '@/lib/env';
import { withCliOrm } from './lib/cli-orm';
import { exitWith } from './lib/exit-with';

async function main(): Promise<number> {
  return withCliOrm(async (orm, runtime) => {
    const state = await verifyAuditChain(orm.em.fork(), 'full');
    if (!state.intact) {
      const why =
        state.reason === 'content-changed'
          ? 'its content no longer matches its hash'
          : 'its link to the entry before it is broken (an entry was removed or replaced)';
      console.error(`Audit chain BROKEN at entry #${state.brokenAtSeq} (id ${state.brokenEntryId}): ${why}.`);
      return 1;
    }
    const backupDir = env().BACKUP_DIR;
    const anchors = await checkAuditAnchors(orm.em.fork(), { key: runtime.childEnv.AUDIT_ANCHOR_KEY!, backupDir });
    if (!anchors.ok) {
      console.error(`Audit chain does NOT match anchor ${describeAnchorFailure(anchors, auditAnchorPath(backupDir))}.`);
      return 1;
    }
    console.log(`Audit chain intact: ${state.entries} entries, head #${state.headSeq ?? '-'} ${state.headHash ?? ''} (recorded as the verified checkpoint).`);
    console.log(
      anchors.anchor
        ? `Holds all ${anchors.anchorsChecked} signed anchors; the last: #${anchors.anchor.seq} ${anchors.anchor.rowHash} of ${anchors.anchor.anchoredAt}.`
        : `No anchor of this database yet in ${auditAnchorPath(backupDir)} (npm start writes one every few minutes).`,
    );
    if (anchors.otherDatabases) console.log(`Skipped ${anchors.otherDatabases} anchors of other databases (signatures verified).`);
    return 0;
  });
}

function describeAnchorFailure(failure: Extract<Awaited<ReturnType<typeof checkAuditAnchors>>, { ok: false }>, file: string): string {
  const where = `line ${failure.line} of ${file}`;
  const anchor = failure.anchor ? `#${failure.anchor.seq} ${failure.anchor.rowHash} (${failure.anchor.anchoredAt}, ${where})` : `(${where})`;
  switch (failure.reason) {
    case 'malformed':
      return `${anchor}: the line is not an anchor`;
    case 'signature-invalid':
      return `${anchor}: its signature does not verify with AUDIT_ANCHOR_KEY (the anchor was forged or the key changed)`;
    case 'entry-missing':
      return `${anchor}: the anchored entry is gone (the newest entries were deleted)`;
    case 'hash-differs':
      return `${anchor}: the anchored entry now has another hash (the chain was recomputed)`;
  }
}

exitWith(main);
