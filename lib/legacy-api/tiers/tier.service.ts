import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { setPoolTier as setPoolTierRule } from '@/lib/pool-tiers/pool-tier.service';
import { paginate } from '../common.schemas';
import type { Dataset } from '../dataset/dataset';
import { LegacyApiError } from '../legacy-api-error';
import type { LegacyContext } from '../legacy-route';
import { identityHashOf } from '../phone';
import { setIdentityTier } from './identity-tier';

type WriteContext = Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller' | 'data'>;

export async function getPoolTiers(data: Dataset) {
  const records = await data.records('admin-pool-tiers');
  return { success: true as const, poolTiers: Object.fromEntries(records.map((record) => [record.key, record.value])) };
}

/** Sets one existing pool's minimum tier through the one pool-tier service (the same rules as the admin screen). */
export async function setPoolTier(context: WriteContext, poolId: string, requiredTier: number) {
  if (!context.em) throw new LegacyApiError(503, 'Database unavailable');
  const { previousValue } = await setPoolTierRule(context.em, { poolId, minTier: requiredTier }, context.caller.audit);
  return { success: true as const, poolId, requiredTier, previousTier: previousValue };
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
  const verified = new Map(
    (await data.wallets()).map((wallet) => [wallet.identityHash, isJsonObject(wallet.identity) ? wallet.identity.verifiedActions : null]),
  );
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
