import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPageQuery, keysetPageResult, keysetPaging, type KeysetPageInput } from '@/lib/list-query/keyset';
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

/**
 * One branch of an address filter: the rows whose `column` (0: the first address column, 1: the second)
 * is `address`. A page per branch is one range of the `(lower(column), time, id)` index read in time
 * order from the cursor; the OR of both columns left the planner walking the time index instead.
 */
type AddressBranch = { column: 0 | 1; address: string };

/**
 * The address filter on `columns` (the table's two address columns): without a branch, either column is
 * one of the addresses (for the count); with one, its column is its address and, on the second column,
 * the first column is none of them — a row naming the address on both sides is in the first branch only.
 */
function addressCondition(addresses: readonly string[], branch: AddressBranch | undefined, [first, second]: readonly [string, string]): SqlFragment {
  const lowered = addresses.map((address) => address.toLowerCase());
  const lower = (column: string) => sql.raw(`lower(${column})`);
  if (!branch) return sql.or([sql`${lower(first)} IN (${lowered})`, sql`${lower(second)} IN (${lowered})`]);
  if (branch.column === 0) return sql`${lower(first)} = ${branch.address}`;
  return sql.and([sql`${lower(second)} = ${branch.address}`, sql.or([sql`${sql.raw(first)} IS NULL`, sql`${lower(first)} NOT IN (${lowered})`])]);
}

/** The branches of an address filter (each address on each column), or one unbranched page without the filter. */
function addressBranches({ filters }: ListExplorerTransactionQueryInput): Array<AddressBranch | undefined> {
  if (!filters.address) return [undefined];
  const lowered = [...new Set(filters.address.map((address) => address.toLowerCase()))];
  return ([0, 1] as const).flatMap((column) => lowered.map((address): AddressBranch => ({ column, address })));
}

/**
 * The conditions of one side of the union; a filter the side cannot match (identity on … nothing) makes it FALSE.
 * `identityWallets` is the identity filter's directory wallets (lowercase) when the caller resolved them.
 */
function chainConditions({ filters }: ListExplorerTransactionQueryInput, identityWallets?: readonly string[], branch?: AddressBranch): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (filters.source && !filters.source.includes('chain')) where.push(sql.raw('FALSE'));
  if (filters.type) where.push(sql`c.tx_type IN (${filters.type})`);
  if (filters.address) where.push(addressCondition(filters.address, branch, ['c.from_address', 'c.to_address']));
  if (filters.identity) {
    // A chain transaction belongs to an identity through the identity's directory wallets. As a literal
    // list they are two address-index probes; as a subquery the planner walks the whole chain by time.
    if (identityWallets?.length === 0) where.push(sql.raw('FALSE'));
    else {
      const wallets = identityWallets ?? sql`SELECT lower(w.wallet_address) FROM wallet_directory w WHERE w.identity_hash IN (${filters.identity})`;
      where.push(sql.or([sql`lower(c.from_address) IN (${wallets})`, sql`lower(c.to_address) IN (${wallets})`]));
    }
  }
  if (filters.amount?.min) where.push(sql`c.value_wei >= ${filters.amount.min}::numeric * ${WEI_PER_TOKEN}`);
  if (filters.amount?.max) where.push(sql`c.value_wei <= ${filters.amount.max}::numeric * ${WEI_PER_TOKEN}`);
  if (filters.time?.from) where.push(sql`c.mined_at >= ${filters.time.from}::timestamptz`);
  if (filters.time?.before) where.push(sql`c.mined_at < ${filters.time.before}::timestamptz`);
  return where;
}

function logConditions({ filters }: ListExplorerTransactionQueryInput, branch?: AddressBranch): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (filters.source && !filters.source.includes('log')) where.push(sql.raw('FALSE'));
  if (filters.type) where.push(sql`t.type IN (${filters.type})`);
  if (filters.address) where.push(addressCondition(filters.address, branch, ['t.wallet_address', 't.sender_wallet_address']));
  if (filters.identity) where.push(sql`t.identity_hash IN (${filters.identity})`);
  if (filters.amount?.min) where.push(sql`t.amount >= ${filters.amount.min}::numeric`);
  if (filters.amount?.max) where.push(sql`t.amount <= ${filters.amount.max}::numeric`);
  if (filters.time?.from) where.push(sql`t.occurred_at >= ${filters.time.from}::timestamptz`);
  if (filters.time?.before) where.push(sql`t.occurred_at < ${filters.time.before}::timestamptz`);
  return where;
}

const CHAIN_SELECT = sql.raw(`c.id, 'chain'::text AS source, c.mined_at AS time, c.tx_type AS type, c.tx_hash AS hash, c.block_number::text AS block_number,
  c.from_address, c.to_address, (c.value_wei / 1000000000000000000::numeric)::text AS amount, NULL::text AS identity_hash`);
const LOG_SELECT = sql.raw(`t.id, 'log'::text AS source, t.occurred_at AS time, t.type, t.tx_hash AS hash, t.block_number::text AS block_number,
  t.sender_wallet_address AS from_address, t.wallet_address AS to_address, t.amount::text AS amount, t.identity_hash`);

/** One source's keyset page: a single-table query on its `(time, id)` index, as every other list query. */
function sourcePage(
  query: ListExplorerTransactionQueryInput,
  source: 'chain' | 'log',
  identityWallets?: readonly string[],
  branch?: AddressBranch,
): KeysetPageInput<'time'> {
  const chain = source === 'chain';
  return {
    select: chain ? CHAIN_SELECT : LOG_SELECT,
    from: sql.raw(chain ? 'chain_transactions c' : 'transaction_log t'),
    where: chain ? chainConditions(query, identityWallets, branch) : logConditions(query, branch),
    columns: { time: { expr: sql.raw(chain ? 'c.mined_at' : 't.occurred_at'), cast: 'timestamptz', nullable: true } },
    id: { expr: sql.raw(chain ? 'c.id' : 't.id'), cast: 'uuid' },
    ...keysetPaging(query, listExplorerTransactionQuerySchema.spec.sortable, 'uuid'),
  };
}

/**
 * The page over both sources: each source's own keyset page (an index scan on `(mined_at, id)` or
 * `(occurred_at, id)` from the cursor on), merged and cut to the page size in the same scan order.
 * The cursor is one `(time, id)` for both (ids are UUIDs, unique across the two tables). A single
 * UNION ALL subquery under the keyset would read the same, but the planner gives up the ordered
 * merge of the two indexes as soon as a branch has a filter or a computed column, and sorts both
 * tables whole instead; two complete page queries leave it nothing to choose. An address filter
 * splits each source further, into a page per address column (`addressBranches`), for the same reason.
 */
export function explorerTransactionPageQuery(query: ListExplorerTransactionQueryInput, identityWallets?: readonly string[]): SqlFragment {
  const chain = sourcePage(query, 'chain', identityWallets);
  const reversed = chain.direction === 'prev';
  const ascending = (chain.sort[0].direction === 'asc') !== reversed;
  const order = sql.raw(ascending ? `__s0 ASC NULLS ${reversed ? 'FIRST' : 'LAST'}, __s1 ASC` : `__s0 DESC NULLS ${reversed ? 'FIRST' : 'LAST'}, __s1 DESC`);
  const pages = addressBranches(query).flatMap((branch) => [sourcePage(query, 'chain', identityWallets, branch), sourcePage(query, 'log', undefined, branch)]);
  const union = sql.join(
    pages.map((page) => sql`(${keysetPageQuery(page)})`),
    ' UNION ALL ',
  );
  return sql`SELECT * FROM (${union}) merged ORDER BY ${order} LIMIT ${chain.pageSize + 1}`;
}

/** Both sources as one relation, for the capped count of a filtered list. */
function unionFrom(query: ListExplorerTransactionQueryInput, identityWallets?: readonly string[]): SqlFragment {
  return sql`(SELECT c.id FROM chain_transactions c WHERE ${sql.and(chainConditions(query, identityWallets))}
    UNION ALL SELECT t.id FROM transaction_log t WHERE ${sql.and(logConditions(query))}) x`;
}

/** The total: both tables' estimates added when nothing narrows the list, else a capped exact count. */
async function findTotal(em: EntityManager, query: ListExplorerTransactionQueryInput, identityWallets?: readonly string[]): Promise<ListTotal> {
  if (isFiltered(query)) return countCapped(em, unionFrom(query, identityWallets), []);
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
  const identityWallets = query.filters.identity ? await findIdentityWallets(em, query.filters.identity) : undefined;
  const input = sourcePage(query, 'chain', identityWallets);
  const pageQuery = explorerTransactionPageQuery(query, identityWallets);
  const fetched = await em.execute<Record<string, unknown>[]>(pageQuery.text, [...pageQuery.values]);
  const page = keysetPageResult<Row>(fetched, input);
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
    total: await findTotal(em, query, identityWallets),
  };
}

/** The directory wallets of the identities, lowercase, for the identity filter's chain side. */
async function findIdentityWallets(em: EntityManager, identities: readonly string[]): Promise<string[]> {
  const query = sql`SELECT DISTINCT lower(wallet_address) AS address FROM wallet_directory WHERE identity_hash IN (${identities}) AND wallet_address IS NOT NULL`;
  return (await em.execute<Array<{ address: string }>>(query.text, [...query.values])).map((row) => row.address);
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
