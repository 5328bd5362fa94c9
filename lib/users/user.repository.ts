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

type SortColumn = ListUserQueryInput['sort'][number]['column'];

/**
 * One row per identity (decision 034) with everything the directory shows, sorts and filters on: the
 * registry's wallet, the identity map's tier, the KYC status, the latest wallet-directory entry (masked
 * phone, creation time) and the transaction log summed. Kept by triggers on every source (decision 053),
 * so the page, its total and the analytics read one indexed table.
 */
export const USER_DIRECTORY_FROM = sql.raw('user_directory ud');

const SELECT = sql.raw(`ud.id, ud.phone_masked, ud.wallet_address, ud.tier, ud.kyc_status, ud.account_status, ud.registered_at,
  ud.last_activity_at, ud.invested_total::text AS invested_total, ud.transactions`);

// Each has an index (column, id) on the directory table.
const SORT_COLUMNS: Record<SortColumn, KeysetColumn> = {
  phone: { expr: sql.raw('ud.phone_masked'), cast: 'text', nullable: true },
  wallet: { expr: sql.raw('ud.wallet_address'), cast: 'text', nullable: true },
  tier: { expr: sql.raw('ud.tier'), cast: 'integer', nullable: true },
  kyc: { expr: sql.raw('ud.kyc_status'), cast: 'text', nullable: false },
  status: { expr: sql.raw('ud.account_status'), cast: 'text', nullable: false },
  registered: { expr: sql.raw('ud.registered_at'), cast: 'timestamptz', nullable: true },
  lastActivity: { expr: sql.raw('ud.last_activity_at'), cast: 'timestamptz', nullable: true },
  invested: { expr: sql.raw('ud.invested_total'), cast: 'numeric', nullable: false },
  transactions: { expr: sql.raw('ud.transactions'), cast: 'integer', nullable: false },
};

const HEX = /^(0x)?[0-9a-f]{3,}$/i;

/**
 * The phone part of the directory search, or null when the text is no phone search. Nothing here
 * decrypts: `phoneQuery` (decision 052) reads the text as the last four digits, the `+country operator`
 * prefix or the whole number, and each is compared through its keyed token or the blind index on the
 * wallet directory's phone columns.
 */
export function userPhoneSearchCondition(text: string): SqlFragment | null {
  const phone = phoneQuery(text);
  return phone ? sql`ud.identity_hash IN (SELECT w.identity_hash FROM wallet_directory w WHERE ${phoneMatch('w.full_phone', phone)})` : null;
}

/**
 * The directory search: a phone (`userPhoneSearchCondition`; text that reads as one, such as four
 * digits, is searched as a phone only), else part of the wallet address (trigram index) or the start of the
 * identity hash (pattern index). Text that is none of these matches nothing.
 */
export function userSearchCondition(text: string): SqlFragment {
  const phone = userPhoneSearchCondition(text);
  if (phone) return phone;
  if (HEX.test(text)) {
    const part = containsPattern(text);
    const lower = text.toLowerCase();
    return sql.or([sql`ud.wallet_address ILIKE ${part}`, sql`ud.identity_hash LIKE ${`${lower.startsWith('0x') ? lower : `0x${lower}`}%`}`]);
  }
  return sql.raw('FALSE');
}

const ACTIVITY_CONDITIONS: Record<NonNullable<ListUserQueryInput['filters']['activity']>[number], SqlFragment> = {
  none: sql.raw('ud.investments = 0'),
  invested: sql.raw('ud.investments > 0'),
  active7: sql.raw(`ud.last_activity_at >= now() - interval '7 days'`),
  active30: sql.raw(`ud.last_activity_at >= now() - interval '30 days'`),
  active90: sql.raw(`ud.last_activity_at >= now() - interval '90 days'`),
  inactive90: sql.raw(`(ud.last_activity_at IS NULL OR ud.last_activity_at < now() - interval '90 days')`),
};

/**
 * The list query's search and filters as conditions on `user_directory ud`: the page, its total, the
 * export and the analytics all narrow the identities with exactly these. Several values of one filter
 * are alternatives (OR); filters combine with AND.
 */
export function userFilterConditions(query: Pick<ListUserQueryInput, 'q' | 'filters'>): SqlFragment[] {
  const { filters } = query;
  const conditions: SqlFragment[] = [];
  if (query.q) conditions.push(userSearchCondition(query.q));
  if (filters.tier) conditions.push(sql`ud.tier IN (${filters.tier.map(Number)})`);
  if (filters.kyc) conditions.push(sql`ud.kyc_status IN (${filters.kyc})`);
  if (filters.status) conditions.push(sql`ud.account_status IN (${filters.status})`);
  if (filters.registered?.from) conditions.push(sql`ud.registered_at >= ${filters.registered.from}::timestamptz`);
  if (filters.registered?.before) conditions.push(sql`ud.registered_at < ${filters.registered.before}::timestamptz`);
  if (filters.activity) conditions.push(sql`(${sql.or(filters.activity.map((activity) => ACTIVITY_CONDITIONS[activity]))})`);
  if (filters.invested?.min) conditions.push(sql`ud.invested_total >= ${filters.invested.min}::numeric`);
  if (filters.invested?.max) conditions.push(sql`ud.invested_total <= ${filters.invested.max}::numeric`);
  return conditions;
}

/** The page and total queries of a directory query (also what the tests and the benchmark run). */
export function userListQueries(query: ListUserQueryInput): { page: KeysetPageInput<SortColumn>; total: ListTotalInput } {
  const where = userFilterConditions(query);
  return {
    page: {
      select: SELECT,
      from: USER_DIRECTORY_FROM,
      where,
      columns: SORT_COLUMNS,
      id: { expr: sql.raw('ud.id'), cast: 'uuid' },
      ...keysetPaging(query, listUserQuerySchema.spec.sortable, 'uuid'),
    },
    total: { table: 'user_directory', from: USER_DIRECTORY_FROM, where, filtered: isFiltered(query) },
  };
}

export type UserPage = { rows: UserListRowDto[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

/** One page of the users directory: keyset-paged, searched and filtered in SQL, with an honest total. */
export async function findUserPage(em: EntityManager, query: ListUserQueryInput): Promise<UserPage> {
  const queries = userListQueries(query);
  const page = await findKeysetPage<UserListRow, SortColumn>(em, queries.page);
  const total = await findListTotal(em, queries.total);
  return { rows: page.rows.map(toUserListRowDto), nextCursor: page.nextCursor, prevCursor: page.prevCursor, total };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One identity's directory row by its opaque id (the `/users/<id>` link), or null when no identity has it. */
export async function findUserDirectoryRow(em: EntityManager, id: string): Promise<UserListRowDto | null> {
  if (!UUID.test(id)) return null;
  const query = sql`SELECT ${SELECT} FROM ${USER_DIRECTORY_FROM} WHERE ud.id = ${id}::uuid`;
  const [row] = await em.execute<UserListRow[]>(query.text, [...query.values]);
  return row ? toUserListRowDto(row) : null;
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
