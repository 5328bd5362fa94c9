import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetColumn, type KeysetPageInput } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { containsPattern } from '@/lib/list-query/search';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal, type ListTotalInput } from '@/lib/list-query/total';
import { accountStatusSql } from './account-status';
import { phoneMatch, phoneQuery } from './phone-search';
import { toUserListRowDto, type UserListRow, type UserListRowDto } from './user.dto';
import { listUserQuerySchema, type ListUserQueryInput } from './user.schemas';

const SELECT = sql.raw(`u.id, u.identity_hash, u.wallet_address, phone.masked AS phone_masked, m.tier, coalesce(k.status, 'not_submitted') AS kyc_status`);
// Tier, KYC status and the masked phone of each registered identity; the lateral join runs only for the page's rows.
const FROM = sql.raw(`users u
  LEFT JOIN identity_map m ON m.legacy_key = u.legacy_key
  LEFT JOIN kyc_applications k ON k.legacy_key = u.legacy_key
  LEFT JOIN LATERAL (
    SELECT coalesce(w.full_phone_masked, w.masked_phone) AS masked FROM wallet_directory w
     WHERE w.identity_hash = u.legacy_key ORDER BY w.legacy_position LIMIT 1
  ) phone ON true`);

const SORT_COLUMNS: Record<'registered' | 'wallet', KeysetColumn> = {
  registered: { expr: sql.raw('u.legacy_position'), cast: 'integer', nullable: false },
  wallet: { expr: sql.raw('u.wallet_address'), cast: 'text', nullable: true },
};

const HEX = /^(0x)?[0-9a-f]+$/i;

/**
 * A wallet address part (trigram index), an identity-hash prefix (pattern index) or a phone: its last four
 * digits, its `+country operator` prefix or the whole number, each through its keyed token (decision 052).
 */
export function userSearchCondition(text: string): SqlFragment {
  const wallet = sql`u.wallet_address ILIKE ${containsPattern(text)}`;
  const phone = phoneQuery(text);
  if (phone) {
    const byPhone = sql`u.legacy_key IN (SELECT w.identity_hash FROM wallet_directory w WHERE ${phoneMatch('w.full_phone', phone)})`;
    return sql.or([byPhone, wallet]);
  }
  if (HEX.test(text)) {
    const prefix = text.toLowerCase().startsWith('0x') ? text.toLowerCase() : `0x${text.toLowerCase()}`;
    return sql.or([wallet, sql`u.identity_hash LIKE ${`${prefix}%`}`]);
  }
  return wallet;
}

function filterConditions(query: ListUserQueryInput): SqlFragment[] {
  const conditions: SqlFragment[] = [];
  if (query.q) conditions.push(userSearchCondition(query.q));
  if (query.filters.tier) conditions.push(sql`m.tier IN (${query.filters.tier.map(Number)})`);
  if (query.filters.kyc) conditions.push(sql`coalesce(k.status, 'not_submitted') IN (${query.filters.kyc})`);
  return conditions;
}

export function userListQueries(query: ListUserQueryInput): { page: KeysetPageInput<'registered' | 'wallet'>; total: ListTotalInput } {
  const where = filterConditions(query);
  return {
    page: {
      select: SELECT,
      from: FROM,
      where,
      columns: SORT_COLUMNS,
      id: { expr: sql.raw('u.id'), cast: 'uuid' },
      ...keysetPaging(query, listUserQuerySchema.spec.sortable, 'uuid'),
    },
    total: { table: 'users', from: FROM, where, filtered: isFiltered(query) },
  };
}

export type UserPage = { rows: UserListRowDto[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

export async function findUserPage(em: EntityManager, query: ListUserQueryInput): Promise<UserPage> {
  const queries = userListQueries(query);
  const page = await findKeysetPage<UserListRow, 'registered' | 'wallet'>(em, queries.page);
  const total = await findListTotal(em, queries.total);
  return { rows: page.rows.map(toUserListRowDto), nextCursor: page.nextCursor, prevCursor: page.prevCursor, total };
}

/** The legacy `GET /api/users` filters (and `GET /api/users/:id`'s id), as the route's query parses them. */
export type LegacyUserListFilter = { id?: string; tier?: number; status?: string; createdAfter?: string };

/**
 * The legacy users list's conditions on `users u`, equal to the in-memory list (`listUsersInMemory`)
 * when no wallet-db or identity-map record is quarantined and no directory entry keeps its identity
 * hash or creation time in `extra` (the dataset checks, and computes the list in memory otherwise):
 * the tier is the identity map's (0–5 is all its column holds), the creation time the last directory
 * entry's of the identity (the legacy map kept the last), the status the identity map's `accountStatus`
 * (`active` without one).
 */
export function legacyUserListConditions(filter: LegacyUserListFilter): SqlFragment[] {
  const where: SqlFragment[] = [];
  if (filter.id !== undefined) where.push(sql`u.legacy_key = ${filter.id.toLowerCase()}`);
  if (filter.tier !== undefined) where.push(sql`EXISTS (SELECT 1 FROM identity_map m WHERE m.legacy_key = u.legacy_key AND m.tier = ${filter.tier})`);
  if (filter.status !== undefined) {
    const status = accountStatusSql('m');
    where.push(sql`coalesce((SELECT ${status} FROM identity_map m WHERE m.legacy_key = u.legacy_key), 'active') = ${filter.status}`);
  }
  if (filter.createdAfter !== undefined) {
    // Date.parse, as the legacy list compares: milliseconds, a date alone is UTC midnight.
    const after = new Date(Date.parse(filter.createdAfter)).toISOString();
    where.push(
      sql`(SELECT w.created_at FROM wallet_directory w WHERE w.identity_hash = u.legacy_key ORDER BY w.legacy_position DESC LIMIT 1) > ${after}::timestamptz`,
    );
  }
  return where;
}

/** The keys of one page of the legacy users list, in wallet-db order, and how many match in all. */
export async function findLegacyUserKeys(
  em: EntityManager,
  filter: LegacyUserListFilter,
  page: { limit: number; offset: number },
): Promise<{ keys: string[]; total: number }> {
  const condition = sql.and(legacyUserListConditions(filter));
  const keys = sql`SELECT u.legacy_key FROM users u WHERE ${condition} ORDER BY u.legacy_position LIMIT ${page.limit} OFFSET ${page.offset}`;
  const counted = sql`SELECT count(*)::int AS n FROM users u WHERE ${condition}`;
  const [rows, [{ n }]] = await Promise.all([
    em.execute<Array<{ legacy_key: string }>>(keys.text, [...keys.values]),
    em.execute<Array<{ n: number }>>(counted.text, [...counted.values]),
  ]);
  return { keys: rows.map((row) => row.legacy_key), total: n };
}
