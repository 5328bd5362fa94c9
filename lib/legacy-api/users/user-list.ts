import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { readAccountStatus, type AccountStatus } from '@/lib/users/account-status';
import type { Investments, UserListPage, UserListQuery } from '../dataset/dataset';
import type { LegacyUserRow } from './user.schemas';

// Dialling code → ISO country, for the numbers the legacy data holds (Egypt, and the +1 test numbers).
const COUNTRY_BY_PREFIX: ReadonlyArray<[string, string]> = [
  ['+20', 'EG'],
  ['+1', 'US'],
];

/** What one user row is built from: its wallet-db record, its identity-map tier and status, its directory entry and its investments. */
export type UserSources = {
  key: string;
  value: JsonValue;
  tier: number | null;
  status: AccountStatus;
  wallet: JsonObject | undefined;
  invested: Investments | undefined;
};

/** The tier an identity-map entry holds, when it is a number. */
export const identityTier = (value: JsonValue): number | null => (isJsonObject(value) && typeof value.tier === 'number' ? value.tier : null);

/**
 * The planned `users` API row: id = identity hash, wallet address from wallet-db, tier from
 * identity-map.json, and the status the admin app keeps there (`accountStatus`, decision 054; `active`
 * without it), creation and mask from the wallet directory, investments from the transaction log. The
 * legacy data has no login record, so `last_login_at` is null.
 */
export function userRow({ key, value, tier, status, wallet, invested }: UserSources): LegacyUserRow {
  const masked = typeof wallet?.maskedPhone === 'string' ? wallet.maskedPhone : null;
  return {
    id: key,
    wallet_address: typeof value === 'string' ? value : null,
    tier,
    status,
    created_at: typeof wallet?.createdAt === 'string' ? wallet.createdAt : null,
    phone_number_masked: masked,
    country_code: masked ? (COUNTRY_BY_PREFIX.find(([prefix]) => masked.startsWith(prefix))?.[1] ?? null) : null,
    last_login_at: null,
    investment_count: String(invested?.count ?? 0),
    total_invested: invested?.total ?? '0',
  };
}

/** Each wallet-db record with its sources; a directory entry found twice for one identity counts as its last one, as the legacy map did. */
export function userSources(
  users: ReadonlyArray<Pick<LegacyRecord, 'key' | 'value'>>,
  identities: ReadonlyArray<Pick<LegacyRecord, 'key' | 'value'>>,
  wallets: readonly JsonObject[],
  investments: ReadonlyMap<string, Investments>,
): UserSources[] {
  const byKey = new Map(identities.map((record) => [record.key, record.value]));
  const directory = new Map<string, JsonObject>(wallets.map((wallet) => [String(wallet.identityHash), wallet]));
  return users.map((record) => ({
    key: record.key,
    value: record.value,
    tier: byKey.has(record.key) ? identityTier(byKey.get(record.key)!) : null,
    status: readAccountStatus(byKey.get(record.key)),
    wallet: directory.get(record.key),
    invested: investments.get(record.key),
  }));
}

/**
 * The users list computed in memory over every record (wallet-db file order): what the file fallback
 * serves, and the reference the SQL list (`legacyUserListSql`) must equal.
 */
export function listUsersInMemory(sources: readonly UserSources[], query: UserListQuery): UserListPage {
  const after = query.createdAfter ? Date.parse(query.createdAfter) : null;
  const id = query.id?.toLowerCase();
  const matching = sources
    .map(userRow)
    .filter(
      (user) =>
        (id === undefined || user.id === id) &&
        (query.tier === undefined || user.tier === query.tier) &&
        (query.status === undefined || user.status === query.status) &&
        (after === null || (user.created_at !== null && Date.parse(user.created_at) > after)),
    );
  return { users: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
}
