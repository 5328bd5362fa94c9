import type { EntityManager } from '@mikro-orm/postgresql';

/** `full` checks every entry; `since-checkpoint` only those after the last verified checkpoint. */
export type AuditVerificationScope = 'full' | 'since-checkpoint';

export type AuditCheckpoint = { seq: number; rowHash: string; verifiedAt: string };

export type AuditChainState =
  | { intact: true; scope: AuditVerificationScope; entries: number; headSeq: number | null; headHash: string | null; checkpoint: AuditCheckpoint | null }
  | {
      intact: false;
      scope: AuditVerificationScope;
      entries: number;
      brokenAtSeq: number;
      brokenEntryId: string;
      reason: 'content-changed' | 'link-broken';
      checkpoint: AuditCheckpoint | null;
    };

const GENESIS = { seq: 0, rowHash: '0'.repeat(64) };

/**
 * Verifies the hash chain and, when it is intact, records its head as a checkpoint. `full` recomputes
 * every row hash (the same `audit_row_hash` the trigger uses) and checks every link; `since-checkpoint`
 * first checks that the checkpointed entry still has its hash, then only the entries after it, so the
 * cost follows what was written since the last check rather than the size of the trail. An edit before
 * the checkpoint is only found by a full verification (on demand, and `npm run audit:verify`).
 */
export async function verifyAuditChain(em: EntityManager, scope: AuditVerificationScope = 'full'): Promise<AuditChainState> {
  const checkpoint = await latestCheckpoint(em);
  const start = scope === 'since-checkpoint' && checkpoint ? checkpoint : GENESIS;
  if (start !== GENESIS) {
    const [anchor] = await em.execute<Array<{ id: string; intact: boolean }>>(
      `SELECT id, row_hash = ? AND row_hash = audit_row_hash(a) AS intact FROM audit_trail a WHERE seq = ?`,
      [start.rowHash, start.seq],
    );
    if (!anchor?.intact) {
      return {
        intact: false,
        scope,
        entries: 0,
        brokenAtSeq: start.seq,
        brokenEntryId: anchor?.id ?? '',
        reason: anchor ? 'content-changed' : 'link-broken',
        checkpoint,
      };
    }
  }
  // One statement, so the break and the head come from the same snapshot.
  const [result] = await em.execute<
    Array<{
      entries: string;
      head_seq: string | null;
      head_hash: string | null;
      broken_id: string | null;
      broken_seq: string | null;
      content_changed: boolean | null;
    }>
  >(
    `WITH checked AS (
       SELECT id, seq, row_hash, row_hash <> audit_row_hash(a) AS content_changed,
              prev_hash <> lag(row_hash, 1, ?::char(64)) OVER (ORDER BY seq) AS link_broken
         FROM audit_trail a
        WHERE seq > ?),
     head AS (SELECT seq, row_hash FROM checked ORDER BY seq DESC LIMIT 1),
     broken AS (SELECT id, seq, content_changed FROM checked WHERE content_changed OR link_broken ORDER BY seq LIMIT 1)
     SELECT (SELECT count(*) FROM checked) AS entries, head.seq AS head_seq, head.row_hash AS head_hash,
            broken.id AS broken_id, broken.seq AS broken_seq, broken.content_changed
       FROM (SELECT 1) AS one LEFT JOIN head ON true LEFT JOIN broken ON true`,
    [start.rowHash, start.seq],
  );
  const entries = Number(result.entries);
  if (result.broken_id) {
    return {
      intact: false,
      scope,
      entries,
      brokenAtSeq: Number(result.broken_seq),
      brokenEntryId: result.broken_id,
      reason: result.content_changed ? 'content-changed' : 'link-broken',
      checkpoint,
    };
  }
  const head = result.head_seq ? { seq: Number(result.head_seq), rowHash: result.head_hash! } : start === GENESIS ? null : start;
  if (head && (scope === 'full' || head.seq !== checkpoint?.seq)) {
    await em.execute(`INSERT INTO audit_checkpoints (seq, row_hash, kind, entries_checked) VALUES (?, ?, ?, ?)`, [
      head.seq,
      head.rowHash,
      scope === 'full' ? 'full' : 'incremental',
      entries,
    ]);
  }
  return { intact: true, scope, entries, headSeq: head?.seq ?? null, headHash: head?.rowHash ?? null, checkpoint };
}

/** The newest verified checkpoint (the one the next incremental check starts after), if any. */
export async function latestCheckpoint(em: EntityManager): Promise<AuditCheckpoint | null> {
  const [row] = await em.execute<Array<{ seq: string; row_hash: string; verified_at: Date }>>(
    `SELECT seq, row_hash, verified_at FROM audit_checkpoints ORDER BY id DESC LIMIT 1`,
  );
  return row ? { seq: Number(row.seq), rowHash: row.row_hash, verifiedAt: new Date(row.verified_at).toISOString() } : null;
}
