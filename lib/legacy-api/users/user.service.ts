import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import type { Dataset } from '../dataset/dataset';
import { LegacyApiError } from '../legacy-api-error';
import type { LegacyContext } from '../legacy-route';
import { setIdentityTier } from '../tiers/identity-tier';

const DAY_MS = 86_400_000;
const ACTIVE_WINDOW_DAYS = 30;
const KYC_VERIFIED_TIER = 3;
// Dialling code → ISO country, for the numbers the legacy data holds (Egypt, and the +1 test numbers).
const COUNTRY_BY_PREFIX: ReadonlyArray<[string, string]> = [
  ['+20', 'EG'],
  ['+1', 'US'],
];

type UserRow = {
  id: string;
  wallet_address: string | null;
  tier: number | null;
  status: 'active';
  created_at: string | null;
  phone_number_masked: string | null;
  country_code: string | null;
  last_login_at: null;
  investment_count: string;
  total_invested: string;
};

/**
 * The planned `users` API on the legacy data: one user per wallet-db entry (id = identity hash), with
 * tier from identity-map.json, creation and mask from the wallet directory, and investments from the
 * transaction log. The legacy data has no suspension or login record, so every user is `active` and
 * `last_login_at` is null.
 */
async function allUsers(data: Dataset): Promise<UserRow[]> {
  const [users, identities, wallets, investments] = await Promise.all([
    data.records('wallet-db'),
    data.records('identity-map'),
    data.wallets(),
    data.investments(),
  ]);
  const tiers = new Map(
    identities.map((record) => [record.key, isJsonObject(record.value) && typeof record.value.tier === 'number' ? record.value.tier : null]),
  );
  const directory = new Map<string, JsonObject>(wallets.map((wallet) => [String(wallet.identityHash), wallet]));
  return users.map((record) => {
    const wallet = directory.get(record.key);
    const masked = typeof wallet?.maskedPhone === 'string' ? wallet.maskedPhone : null;
    const invested = investments.get(record.key);
    return {
      id: record.key,
      wallet_address: typeof record.value === 'string' ? record.value : null,
      tier: tiers.get(record.key) ?? null,
      status: 'active' as const,
      created_at: typeof wallet?.createdAt === 'string' ? wallet.createdAt : null,
      phone_number_masked: masked,
      country_code: masked ? (COUNTRY_BY_PREFIX.find(([prefix]) => masked.startsWith(prefix))?.[1] ?? null) : null,
      last_login_at: null,
      investment_count: String(invested?.count ?? 0),
      total_invested: invested?.total ?? '0',
    };
  });
}

export async function listUsers(data: Dataset, query: { tier?: number; status?: string; createdAfter?: string; limit: number; offset: number }) {
  const after = query.createdAfter ? Date.parse(query.createdAfter) : null;
  const users = (await allUsers(data)).filter(
    (user) =>
      (query.tier === undefined || user.tier === query.tier) &&
      (query.status === undefined || user.status === query.status) &&
      (after === null || (user.created_at !== null && Date.parse(user.created_at) > after)),
  );
  return { success: true as const, users: users.slice(query.offset, query.offset + query.limit), total: users.length };
}

export async function getUser(data: Dataset, id: string) {
  const user = (await allUsers(data)).find((candidate) => candidate.id === id.toLowerCase());
  if (!user) throw new LegacyApiError(404, 'User not found');
  return { success: true as const, user };
}

export async function getUserStats(data: Dataset) {
  const now = Date.now();
  const [users, active] = await Promise.all([allUsers(data), data.activeIdentities(new Date(now - ACTIVE_WINDOW_DAYS * DAY_MS))]);
  const createdWithin = (days: number) => users.filter((user) => user.created_at !== null && now - Date.parse(user.created_at) < days * DAY_MS).length;
  const tierDistribution: Record<string, number> = {};
  for (const user of users) if (user.tier !== null) tierDistribution[String(user.tier)] = (tierDistribution[String(user.tier)] ?? 0) + 1;
  return {
    success: true as const,
    stats: {
      total_users: users.length,
      new_users_today: createdWithin(1),
      new_users_week: createdWithin(7),
      active_users: users.filter((user) => active.has(user.id)).length,
      kyc_verified_users: users.filter((user) => (user.tier ?? 0) >= KYC_VERIFIED_TIER).length,
      tierDistribution: Object.fromEntries(Object.entries(tierDistribution).sort(([a], [b]) => Number(a) - Number(b))),
    },
  };
}

/** `PUT /api/users/:id/tier`: audited as a legacy-API write of identity-map and the wallet directory. */
export async function setUserTier(context: Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller' | 'data'>, id: string, tier: number) {
  await setIdentityTier(context, id.toLowerCase(), tier);
  return { success: true as const, message: 'User tier updated successfully' };
}
