import type { EntityManager } from '@mikro-orm/postgresql';
import { toAuditEntryDto, type AuditEntryDto } from '@/lib/audit/audit.dto';
import type { AuditRow } from '@/lib/audit/audit.repository';
import type { ChainTransactionListRowDto } from '@/lib/chain/chain.dto';
import { findChainTransactionPage } from '@/lib/chain/chain.repository';
import { listChainTransactionQuerySchema } from '@/lib/chain/chain.schemas';
import type { ListTotal } from '@/lib/list-query/total';
import { findAssetRecord, type AssetRecord } from './asset-editor.service';

const AUDIT_ENTRIES = 50;
const INVESTORS = 20;

/** `userId` is the investor's page (`/users/<id>`) when the wallet directory knows whose wallet it is. */
export type AssetInvestor = { address: string; transactions: number; valueWei: string; lastAt: string | null; userId: string | null };
export type AssetActivity = {
  investors: AssetInvestor[];
  transactions: { rows: ChainTransactionListRowDto[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };
} | null;

/** The chain activity of an asset's contract: who sent it value (largest first) and a keyset page of its transactions, either direction. */
export async function findAssetActivity(
  em: EntityManager,
  contractAddress: string | null,
  page: { cursor?: string; direction?: string },
): Promise<AssetActivity | 'invalid-page'> {
  if (!contractAddress || !/^0x[0-9a-fA-F]{40}$/.test(contractAddress)) return null;
  const query = listChainTransactionQuerySchema.safeParse({ address: contractAddress, cursor: page.cursor, direction: page.direction, pageSize: '25' });
  if (!query.success) return 'invalid-page';
  const [investors, transactions] = await Promise.all([
    em.fork().execute<Array<{ address: string; transactions: number; value_wei: string; last_at: Date | null; user_id: string | null }>>(
      `WITH investor AS (
         SELECT lower(from_address) AS address, count(*)::int AS transactions, sum(value_wei) AS value_wei, max(mined_at) AS last_at
           FROM chain_transactions WHERE lower(to_address) = lower(?) AND from_address IS NOT NULL
          GROUP BY lower(from_address) ORDER BY sum(value_wei) DESC NULLS LAST, count(*) DESC LIMIT ${INVESTORS})
       SELECT investor.address, investor.transactions, coalesce(investor.value_wei, 0)::text AS value_wei, investor.last_at, owner.id AS user_id
         FROM investor
         LEFT JOIN LATERAL (
           SELECT i.id FROM wallet_directory w JOIN identities i ON i.identity_hash = w.identity_hash
            WHERE lower(w.wallet_address) = investor.address ORDER BY w.legacy_position LIMIT 1
         ) owner ON true
        ORDER BY investor.value_wei DESC NULLS LAST, investor.transactions DESC`,
      [contractAddress],
    ),
    findChainTransactionPage(em.fork(), query.data),
  ]);
  return {
    investors: investors.map((row) => ({
      address: row.address,
      transactions: row.transactions,
      valueWei: row.value_wei,
      lastAt: row.last_at ? new Date(row.last_at).toISOString() : null,
      userId: row.user_id,
    })),
    transactions,
  };
}

/** The asset's audit history, newest first: its row's changes (row id) and the write events naming its legacy key. */
export async function findAssetHistory(em: EntityManager, asset: Pick<AssetRecord, 'id' | 'key'>): Promise<AuditEntryDto[]> {
  const rows = await em.execute<AuditRow[]>(
    `SELECT a.id, a.seq::text AS seq, a.changed_at, coalesce(a.actor_label, a.changed_by::text) AS actor, a.source, a.action, a.table_name,
            a.record_id, host(a.ip_address) AS ip_address, a.user_agent, a.old_values, a.new_values
       FROM audit_trail a
      WHERE a.table_name = 'assets' AND a.record_id IN (?, ?)
      ORDER BY a.seq DESC LIMIT ${AUDIT_ENTRIES}`,
    [asset.id, asset.key.slice(0, 255)],
  );
  return rows.map((row) => {
    const entry = toAuditEntryDto(row);
    // A write event keeps each row's before/after under its legacy key; show that asset's fields only.
    if (row.action !== 'LEGACY_WRITE') return { ...entry, changes: entry.changes.filter((change) => !PROVENANCE_FIELDS.has(change.field)) };
    const before = (row.old_values?.[asset.key] ?? null) as Record<string, unknown> | null;
    const after = ((row.new_values?.rows as Record<string, unknown> | undefined)?.[asset.key] ?? null) as Record<string, unknown> | null;
    const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
    return { ...entry, changes: fields.map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null })) };
  });
}

// Row-trigger entries carry every column; these change on every write and say nothing to a reader.
const PROVENANCE_FIELDS = new Set(['legacy_hash', 'legacy_layout', 'updated_at', 'imported_at', 'search_document']);

export async function findAssetPage(em: EntityManager, id: string) {
  const asset = await findAssetRecord(em, { id });
  if (!asset) return null;
  return { asset, history: await findAssetHistory(em, asset) };
}
