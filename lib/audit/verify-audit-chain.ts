import type { EntityManager } from '@mikro-orm/postgresql';

export type AuditChainState =
  | { intact: true; entries: number; headHash: string | null }
  | { intact: false; entries: number; brokenAtSeq: number; brokenEntryId: string; reason: 'content-changed' | 'link-broken' };

/**
 * Recomputes every row hash in SQL (the same `audit_row_hash` the trigger uses) and checks each
 * `prev_hash` against the row before it. Reports the first entry where either fails: an edited row
 * fails its own hash; a deleted row breaks the link of the entry after it.
 */
export async function verifyAuditChain(em: EntityManager): Promise<AuditChainState> {
  const [summary] = await em.execute<Array<{ entries: string; head: string | null }>>(
    `SELECT count(*) AS entries, (SELECT row_hash FROM audit_trail ORDER BY seq DESC LIMIT 1) AS head FROM audit_trail`,
  );
  const [broken] = await em.execute<Array<{ id: string; seq: string; content_changed: boolean }>>(
    `SELECT a.id, a.seq, a.row_hash <> audit_row_hash(a) AS content_changed
       FROM audit_trail a
       JOIN (SELECT id, lag(row_hash, 1, repeat('0', 64)::char(64)) OVER (ORDER BY seq) AS expected_prev
               FROM audit_trail) links USING (id)
      WHERE a.row_hash <> audit_row_hash(a) OR a.prev_hash <> links.expected_prev
      ORDER BY a.seq
      LIMIT 1`,
  );
  const entries = Number(summary?.entries ?? 0);
  if (!broken) return { intact: true, entries, headHash: summary?.head ?? null };
  return {
    intact: false,
    entries,
    brokenAtSeq: Number(broken.seq),
    brokenEntryId: broken.id,
    reason: broken.content_changed ? 'content-changed' : 'link-broken',
  };
}
