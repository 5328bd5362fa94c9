import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetPageInput } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal, type ListTotalInput } from '@/lib/list-query/total';
import {
  toChainBlockListRowDto,
  toChainTransactionListRowDto,
  type ChainBlockListRow,
  type ChainBlockListRowDto,
  type ChainTransactionListRow,
  type ChainTransactionListRowDto,
} from './chain.dto';
import {
  listChainBlockQuerySchema,
  listChainTransactionQuerySchema,
  type ListChainBlockQueryInput,
  type ListChainTransactionQueryInput,
} from './chain.schemas';

type Page<Row> = { rows: Row[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

const BLOCK_FROM = sql.raw('chain_blocks b');
const BLOCK_NUMBER = sql.raw('b.block_number');

/** Block pages walk `(block_number, id)`; a mined-time range is a filter on them. */
export function chainBlockListQueries(query: ListChainBlockQueryInput): { page: KeysetPageInput<'number'>; total: ListTotalInput } {
  const where: SqlFragment[] = [];
  if (query.filters.mined?.from) where.push(sql`b.mined_at >= ${query.filters.mined.from}::timestamptz`);
  if (query.filters.mined?.before) where.push(sql`b.mined_at < ${query.filters.mined.before}::timestamptz`);
  const direction = sql.raw(query.sort[0].direction === 'asc' ? 'ASC' : 'DESC');
  return {
    page: {
      select: sql.raw('b.id, b.block_number::text AS block_number, b.block_hash, b.mined_at, b.transaction_count, b.gas_used::text AS gas_used, b.miner'),
      from: BLOCK_FROM,
      where,
      columns: { number: { expr: BLOCK_NUMBER, cast: 'bigint', nullable: true } },
      id: { expr: sql.raw('b.id'), cast: 'uuid' },
      ...keysetPaging(query, listChainBlockQuerySchema.spec.sortable, 'uuid'),
    },
    total: { table: 'chain_blocks', from: BLOCK_FROM, where, filtered: isFiltered(query), orderBy: sql`${BLOCK_NUMBER} ${direction}, b.id ${direction}` },
  };
}

export async function findChainBlockPage(em: EntityManager, query: ListChainBlockQueryInput): Promise<Page<ChainBlockListRowDto>> {
  const queries = chainBlockListQueries(query);
  const page = await findKeysetPage<ChainBlockListRow, 'number'>(em, queries.page);
  return {
    rows: page.rows.map(toChainBlockListRowDto),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    total: await findListTotal(em, queries.total),
  };
}

const TX_FROM = sql.raw('chain_transactions c');
const TX_BLOCK = sql.raw('c.block_number');

/** Chain-transaction pages walk `(block_number, id)`; an address matches either side through the lower() indexes. */
export function chainTransactionListQueries(query: ListChainTransactionQueryInput): { page: KeysetPageInput<'block'>; total: ListTotalInput } {
  const where: SqlFragment[] = [];
  const { address, block } = query.filters;
  if (address) {
    const lowered = address.map((value) => value.toLowerCase());
    where.push(sql.or([sql`lower(c.from_address) IN (${lowered})`, sql`lower(c.to_address) IN (${lowered})`]));
  }
  // Whole block numbers, so the comparison stays on the bigint index.
  if (block?.min) where.push(sql`c.block_number >= ${String(Math.ceil(Number(block.min)))}::bigint`);
  if (block?.max) where.push(sql`c.block_number <= ${String(Math.floor(Number(block.max)))}::bigint`);
  const direction = sql.raw(query.sort[0].direction === 'asc' ? 'ASC' : 'DESC');
  return {
    page: {
      select: sql.raw(
        'c.id, c.tx_hash, c.block_number::text AS block_number, c.from_address, c.to_address, c.value_wei::text AS value_wei, c.status, c.mined_at',
      ),
      from: TX_FROM,
      where,
      columns: { block: { expr: TX_BLOCK, cast: 'bigint', nullable: true } },
      id: { expr: sql.raw('c.id'), cast: 'uuid' },
      ...keysetPaging(query, listChainTransactionQuerySchema.spec.sortable, 'uuid'),
    },
    total: {
      table: 'chain_transactions',
      from: TX_FROM,
      where,
      filtered: isFiltered(query),
      // An address is counted through its indexes; a block range walks the block index like the page.
      orderBy: address ? undefined : sql`${TX_BLOCK} ${direction}, c.id ${direction}`,
    },
  };
}

export async function findChainTransactionPage(em: EntityManager, query: ListChainTransactionQueryInput): Promise<Page<ChainTransactionListRowDto>> {
  const queries = chainTransactionListQueries(query);
  const page = await findKeysetPage<ChainTransactionListRow, 'block'>(em, queries.page);
  return {
    rows: page.rows.map(toChainTransactionListRowDto),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    total: await findListTotal(em, queries.total),
  };
}
