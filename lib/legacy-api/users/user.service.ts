import type { Dataset, UserListQuery } from '../dataset/dataset';
import { LegacyApiError } from '../legacy-api-error';
import type { LegacyContext } from '../legacy-route';
import { setIdentityTier } from '../tiers/identity-tier';
import { userRow, userSources } from './user-list';

const DAY_MS = 86_400_000;
const ACTIVE_WINDOW_DAYS = 30;
const KYC_VERIFIED_TIER = 3;

/** Every user, in wallet-db order (the statistics count them all). */
async function allUsers(data: Dataset) {
  const [users, identities, wallets, investments] = await Promise.all([
    data.records('wallet-db'),
    data.records('identity-map'),
    data.wallets(),
    data.investments(),
  ]);
  return userSources(users, identities, wallets, investments).map(userRow);
}

/** `GET /api/users`: filtered and paged by the dataset (in SQL on PostgreSQL); only the page is built. */
export async function listUsers(data: Dataset, query: UserListQuery) {
  const { users, total } = await data.userPage(query);
  return { success: true as const, users, total };
}

export async function getUser(data: Dataset, id: string) {
  const [user] = (await data.userPage({ id, limit: 1, offset: 0 })).users;
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
