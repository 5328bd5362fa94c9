import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { paginate } from '../common.schemas';
import type { Dataset } from '../dataset/dataset';
import { appendRecord, replaceRecord, writeSource } from '../legacy-write';
import type { LegacyContext } from '../legacy-route';
import { identityHashOf } from '../phone';
import { setIdentityTier } from './identity-tier';

type WriteContext = Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller' | 'data'>;

export async function getPoolTiers(data: Dataset) {
  const records = await data.records('admin-pool-tiers');
  return { success: true as const, poolTiers: Object.fromEntries(records.map((record) => [record.key, record.value])) };
}

/** Sets one pool's minimum tier in admin-pool-tiers.json (a new pool is added at the end). */
export async function setPoolTier(context: WriteContext, poolId: string, requiredTier: number) {
  const previous = await context.data.record('admin-pool-tiers', poolId);
  await writeSource(context, 'admin-pool-tiers', (records) =>
    records.some((record) => record.key === poolId)
      ? replaceRecord('admin-pool-tiers', records, poolId, requiredTier)
      : appendRecord('admin-pool-tiers', records, requiredTier, poolId),
  );
  return { success: true as const, poolId, requiredTier, previousTier: previous?.value ?? null };
}

function tierOf(entry: JsonObject): number | null {
  return typeof entry.tier === 'number' ? entry.tier : null;
}

function distributionOf(tiers: Array<number | null>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const tier of tiers) if (tier !== null) counts[String(tier)] = (counts[String(tier)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => Number(a) - Number(b)));
}

async function identities(data: Dataset): Promise<Array<{ identityHash: string; entry: JsonObject }>> {
  return (await data.records('identity-map')).map((record) => ({ identityHash: record.key, entry: isJsonObject(record.value) ? record.value : {} }));
}

export async function getTierAnalytics(data: Dataset) {
  const all = await identities(data);
  return { success: true as const, tierDistribution: distributionOf(all.map(({ entry }) => tierOf(entry))), totalUsers: all.length };
}

export async function listUserTiers(data: Dataset, query: { page: number; limit: number; tier?: number }) {
  const all = await identities(data);
  const verified = new Map((await data.wallets()).map((wallet) => [wallet.identityHash, isJsonObject(wallet.identity) ? wallet.identity.verifiedActions : null]));
  const users = all
    .filter(({ entry }) => query.tier === undefined || tierOf(entry) === query.tier)
    .map(({ identityHash, entry }) => {
      const actions = verified.get(identityHash);
      return {
        identityHash,
        walletAddress: typeof entry.walletAddress === 'string' ? entry.walletAddress : null,
        maskedPhone: typeof entry.maskedPhone === 'string' ? entry.maskedPhone : null,
        tier: tierOf(entry),
        verifiedActions: Array.isArray(actions) ? actions.filter((action): action is string => typeof action === 'string') : [],
      };
    });
  const { items, pagination } = paginate(users, query.page, query.limit);
  return { success: true as const, users: items, tierDistribution: distributionOf(all.map(({ entry }) => tierOf(entry))), pagination };
}

/** The admin panel's Tier Management upgrade: by phone number, which the legacy identity hash is derived from. */
export async function upgradeUserTier(context: WriteContext, phoneNumber: string, tier: number) {
  const identityHash = identityHashOf(phoneNumber);
  const { previousTier } = await setIdentityTier(context, identityHash, tier);
  return { success: true as const, message: 'User tier updated successfully', identityHash, phoneNumber, tier, previousTier, txHash: null };
}
