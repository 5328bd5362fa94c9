import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetPageInput } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { countCapped, estimateTableRows, type ListTotal } from '@/lib/list-query/total';
import { isoTime, type ExplorerTransactionRowDto } from './explorer.dto';
import { listExplorerTransactionQuerySchema, type ListExplorerTransactionQueryInput } from './explorer.schemas';

type Row = {
  id: string;
  source: 'chain' | 'log';
  time: string | Date | null;
  type: string | null;
  hash: string | null;
  block_number: string | null;
  from_address: string | null;
  to_address: string | null;
  amount: string | null;
  identity_hash: string | null;
};

const WEI_PER_TOKEN = sql.raw('1000000000000000000::numeric');

/** The conditions of one side of the union; a filter the side cannot match (identity on … nothing) makes it FALSE. */
function chainConditions({ filters }: ListExplorerTransactionQueryInput): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (filters.source && !filters.source.includes('chain')) where.push(sql.raw('FALSE'));
  if (filters.type) where.push(sql`c.tx_type IN (${filters.type})`);
  if (filters.address) {
    const lowered = filters.address.map((address) => address.toLowerCase());
    where.push(sql.or([sql`lower(c.from_address) IN (${lowered})`, sql`lower(c.to_address) IN (${lowered})`]));
  }
  if (filters.identity) {
    // A chain transaction belongs to an identity through the identity's directory wallets.
    const wallets = sql`SELECT lower(w.wallet_address) FROM wallet_directory w WHERE w.identity_hash IN (${filters.identity})`;
    where.push(sql.or([sql`lower(c.from_address) IN (${wallets})`, sql`lower(c.to_address) IN (${wallets})`]));
  }
  if (filters.amount?.min) where.push(sql`c.value_wei >= ${filters.amount.min}::numeric * ${WEI_PER_TOKEN}`);
  if (filters.amount?.max) where.push(sql`c.value_wei <= ${filters.amount.max}::numeric * ${WEI_PER_TOKEN}`);
  if (filters.time?.from) where.push(sql`c.mined_at >= ${filters.time.from}::timestamptz`);
  if (filters.time?.before) where.push(sql`c.mined_at < ${filters.time.before}::timestamptz`);
  return where;
}

function logConditions({ filters }: ListExplorerTransactionQueryInput): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (filters.source && !filters.source.includes('log')) where.push(sql.raw('FALSE'));
  if (filters.type) where.push(sql`t.type IN (${filters.type})`);
  if (filters.address) {
    const lowered = filters.address.map((address) => address.toLowerCase());
    where.push(sql.or([sql`lower(t.wallet_address) IN (${lowered})`, sql`lower(t.sender_wallet_address) IN (${lowered})`]));
  }
  if (filters.identity) where.push(sql`t.identity_hash IN (${filters.identity})`);
  if (filters.amount?.min) where.push(sql`t.amount >= ${filters.amount.min}::numeric`);
  if (filters.amount?.max) where.push(sql`t.amount <= ${filters.amount.max}::numeric`);
  if (filters.time?.from) where.push(sql`t.occurred_at >= ${filters.time.from}::timestamptz`);
  if (filters.time?.before) where.push(sql`t.occurred_at < ${filters.time.before}::timestamptz`);
  return where;
}

/**
 * Both sources as one relation. The columns have the same types on both sides, so PostgreSQL flattens
 * the UNION ALL and pushes the keyset condition into each side: the page becomes a Merge Append of two
 * index scans on `(time, id)`, which stays a page's worth of reads at any depth.
 */
function unionFrom(query: ListExplorerTransactionQueryInput): SqlFragment {
  return sql`(
    SELECT c.id, 'chain'::text AS source, c.mined_at AS time, c.tx_type AS type, c.tx_hash AS hash, c.block_number, c.from_address, c.to_address,
           c.value_wei / ${WEI_PER_TOKEN} AS amount, NULL::text AS identity_hash
      FROM chain_transactions c WHERE ${sql.and(chainConditions(query))}
    UNION ALL
    SELECT t.id, 'log'::text, t.occurred_at, t.type, t.tx_hash, t.block_number, t.sender_wallet_address, t.wallet_address, t.amount, t.identity_hash
      FROM transaction_log t WHERE ${sql.and(logConditions(query))}
  ) x`;
}

export function explorerTransactionListQuery(query: ListExplorerTransactionQueryInput): KeysetPageInput<'time'> {
  return {
    select: sql.raw(
      'x.id, x.source, x.time, x.type, x.hash, x.block_number::text AS block_number, x.from_address, x.to_address, x.amount::text AS amount, x.identity_hash',
    ),
    from: unionFrom(query),
    where: [],
    columns: { time: { expr: sql.raw('x.time'), cast: 'timestamptz', nullable: true } },
    id: { expr: sql.raw('x.id'), cast: 'uuid' },
    ...keysetPaging(query, listExplorerTransactionQuerySchema.spec.sortable, 'uuid'),
  };
}

/** The total: both tables' estimates added when nothing narrows the list, else a capped exact count. */
async function findTotal(em: EntityManager, query: ListExplorerTransactionQueryInput): Promise<ListTotal> {
  if (isFiltered(query)) return countCapped(em, unionFrom(query), []);
  const [chain, log] = [await estimateTableRows(em, 'chain_transactions'), await estimateTableRows(em, 'transaction_log')];
  const kind = chain.kind === 'exact' && log.kind === 'exact' ? 'exact' : 'estimate';
  return { kind, value: chain.value + log.value };
}

export type ExplorerTransactionPage = { rows: ExplorerTransactionRowDto[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

/** One page of the unified list; identity hashes are dropped unless the role may see them. */
export async function findExplorerTransactionPage(
  em: EntityManager,
  query: ListExplorerTransactionQueryInput,
  { showIdentity }: { showIdentity: boolean },
): Promise<ExplorerTransactionPage> {
  const page = await findKeysetPage<Row, 'time'>(em, explorerTransactionListQuery(query));
  return {
    rows: page.rows.map((row) => ({
      id: row.id,
      source: row.source,
      time: isoTime(row.time),
      type: row.type,
      hash: row.hash,
      blockNumber: row.block_number,
      fromAddress: row.from_address,
      toAddress: row.to_address,
      amount: row.amount,
      identityHash: showIdentity ? row.identity_hash : null,
    })),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    total: await findTotal(em, query),
  };
}

/**
 * The types either source holds, for the type filter: a skip scan over each type index (one probe per
 * distinct type), not a scan of every row.
 */
export async function findExplorerTransactionTypes(em: EntityManager): Promise<string[]> {
  const skipScan = (table: string, column: string) =>
    sql.raw(`WITH RECURSIVE types AS (
        (SELECT ${column} AS type FROM ${table} WHERE ${column} IS NOT NULL ORDER BY ${column} LIMIT 1)
        UNION ALL
        SELECT (SELECT ${column} FROM ${table} WHERE ${column} > types.type ORDER BY ${column} LIMIT 1) FROM types WHERE types.type IS NOT NULL
      ) SELECT type FROM types WHERE type IS NOT NULL`);
  const found = new Set<string>();
  for (const query of [skipScan('transaction_log', 'type'), skipScan('chain_transactions', 'tx_type')]) {
    for (const row of await em.execute<Array<{ type: string }>>(query.text)) found.add(row.type);
  }
  return [...found].sort();
}
