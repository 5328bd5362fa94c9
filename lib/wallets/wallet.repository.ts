import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetPageInput } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { containsPattern } from '@/lib/list-query/search';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal, type ListTotalInput } from '@/lib/list-query/total';
import { toWalletListRowDto, type WalletListRow, type WalletListRowDto } from './wallet.dto';
import { listWalletQuerySchema, type ListWalletQueryInput } from './wallet.schemas';

const FROM = sql.raw('wallet_directory w');
const CREATED = sql.raw('w.created_at');
const IDENTITY_HASH = /^0x[0-9a-f]{64}$/i;

export function walletListQueries(query: ListWalletQueryInput): { page: KeysetPageInput<'created'>; total: ListTotalInput } {
  const where: SqlFragment[] = [];
  if (query.q) {
    const wallet = sql`w.wallet_address ILIKE ${containsPattern(query.q)}`;
    where.push(IDENTITY_HASH.test(query.q) ? sql.or([wallet, sql`w.identity_hash = ${query.q.toLowerCase()}`]) : wallet);
  }
  const direction = sql.raw(query.sort[0].direction === 'asc' ? 'ASC' : 'DESC');
  return {
    page: {
      select: sql.raw(`w.id, w.wallet_address, w.identity_hash, coalesce(w.full_phone_masked, w.masked_phone) AS phone_masked, w.created_at,
        w.balance_egp::text AS balance_egp, w.balance_hvt::text AS balance_hvt`),
      from: FROM,
      where,
      columns: { created: { expr: CREATED, cast: 'timestamptz', nullable: true } },
      id: { expr: sql.raw('w.id'), cast: 'uuid' },
      ...keysetPaging(query, listWalletQuerySchema.spec.sortable, 'uuid'),
    },
    total: {
      table: 'wallet_directory',
      from: FROM,
      where,
      filtered: isFiltered(query),
      orderBy: query.q ? undefined : sql`${CREATED} ${direction}, w.id ${direction}`,
    },
  };
}

export type WalletPage = { rows: WalletListRowDto[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

export async function findWalletPage(em: EntityManager, query: ListWalletQueryInput): Promise<WalletPage> {
  const queries = walletListQueries(query);
  const page = await findKeysetPage<WalletListRow, 'created'>(em, queries.page);
  return { rows: page.rows.map(toWalletListRowDto), nextCursor: page.nextCursor, prevCursor: page.prevCursor, total: await findListTotal(em, queries.total) };
}
