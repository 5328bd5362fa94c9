import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetPageInput } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal, type ListTotalInput } from '@/lib/list-query/total';
import { toTransactionListRowDto, type TransactionListRow, type TransactionListRowDto } from './transaction.dto';
import { listTransactionQuerySchema, type ListTransactionQueryInput } from './transaction.schemas';

const SELECT = sql.raw(`t.id, t.occurred_at, t.type, t.identity_hash, t.wallet_address, t.amount::text AS amount, t.tx_hash,
  t.block_number::text AS block_number, t.phone_masked`);
const FROM = sql.raw('transaction_log t');
const OCCURRED = sql.raw('t.occurred_at');

function filterConditions({ filters }: ListTransactionQueryInput): SqlFragment[] {
  const conditions: SqlFragment[] = [];
  if (filters.identity) conditions.push(sql`t.identity_hash IN (${filters.identity})`);
  if (filters.type) conditions.push(sql`t.type IN (${filters.type})`);
  if (filters.occurred?.from) conditions.push(sql`t.occurred_at >= ${filters.occurred.from}::timestamptz`);
  if (filters.occurred?.before) conditions.push(sql`t.occurred_at < ${filters.occurred.before}::timestamptz`);
  return conditions;
}

/** The page and total queries of a transaction-log query; by identity they walk `(identity_hash, occurred_at, id)`. */
export function transactionListQueries(query: ListTransactionQueryInput): { page: KeysetPageInput<'occurred'>; total: ListTotalInput } {
  const where = filterConditions(query);
  const direction = sql.raw(query.sort[0].direction === 'asc' ? 'ASC' : 'DESC');
  return {
    page: {
      select: SELECT,
      from: FROM,
      where,
      columns: { occurred: { expr: OCCURRED, cast: 'timestamptz', nullable: true } },
      id: { expr: sql.raw('t.id'), cast: 'uuid' },
      ...keysetPaging(query, listTransactionQuerySchema.spec.sortable, 'uuid'),
    },
    total: { table: 'transaction_log', from: FROM, where, filtered: isFiltered(query), orderBy: sql`${OCCURRED} ${direction}, t.id ${direction}` },
  };
}

export type TransactionPage = { rows: TransactionListRowDto[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

export async function findTransactionPage(em: EntityManager, query: ListTransactionQueryInput): Promise<TransactionPage> {
  const queries = transactionListQueries(query);
  const page = await findKeysetPage<TransactionListRow, 'occurred'>(em, queries.page);
  const total = await findListTotal(em, queries.total);
  return { rows: page.rows.map(toTransactionListRowDto), nextCursor: page.nextCursor, prevCursor: page.prevCursor, total };
}

/** The legacy routes' transaction-log filter (explorer feed, a wallet's history): types as stored, an identity, or a wallet on either side. */
export type LegacyTransactionFilter = { types?: readonly string[]; identityHash?: string; walletAddress?: string };

/** The filter's conditions on `transaction_log` (unaliased, as the source mapping selects it); addresses compare in any case, through the `lower(…)` indexes. */
export function legacyTransactionConditions(filter: LegacyTransactionFilter): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (filter.types?.length) where.push(sql`type IN (${filter.types})`);
  if (filter.identityHash) where.push(sql`identity_hash = ${filter.identityHash}`);
  if (filter.walletAddress)
    where.push(sql.or([sql`lower(wallet_address) = lower(${filter.walletAddress})`, sql`lower(sender_wallet_address) = lower(${filter.walletAddress})`]));
  return where;
}
