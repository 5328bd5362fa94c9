import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import type { Dataset } from '../dataset/dataset';
import { LegacyApiError } from '../legacy-api-error';
import { findRecord, replaceRecord, writeSource } from '../legacy-write';
import type { LegacyContext } from '../legacy-route';

/** The consent actions in tier order: tier n has verified the first n + 1 (legacy-contract §3). */
const CONSENT_ACTIONS = ['register_phone', 'register_device', 'verify_biometric', 'submit_kyc', 'verify_location'] as const;

type WriteContext = Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller'>;

/** The identity's tier as the explorer files hold it (identity-map first, then the wallet directory). */
async function currentTier(data: Dataset, identityHash: string): Promise<number | null> {
  const entry = await data.record('identity-map', identityHash);
  if (entry && isJsonObject(entry.value) && typeof entry.value.tier === 'number') return entry.value.tier;
  const [wallet] = await data.wallets({ identityHash });
  const identity = wallet && isJsonObject(wallet.identity) ? wallet.identity : null;
  return typeof identity?.tier === 'number' ? identity.tier : null;
}

/**
 * Sets an identity's tier where the legacy data keeps it: identity-map.json (`tier`) and the wallet
 * directory (`identity.tier` and the matching `verifiedActions`). The chain stays the source of truth
 * for the wallet itself; this records the admin's decision in the legacy files and PostgreSQL, audited.
 */
export async function setIdentityTier(context: WriteContext & { data: Dataset }, identityHash: string, tier: number): Promise<{ previousTier: number | null }> {
  const inMap = await context.data.record('identity-map', identityHash);
  const [wallet] = await context.data.wallets({ identityHash });
  if (!inMap && !wallet) throw new LegacyApiError(404, 'User not found');
  const previousTier = await currentTier(context.data, identityHash);
  if (inMap) {
    await writeSource(context, 'identity-map', (records) => {
      const record = findRecord(records, identityHash, 'User');
      return replaceRecord('identity-map', records, identityHash, { ...(record.value as JsonObject), tier });
    });
  }
  if (wallet) {
    await writeSource(context, 'wallets-directory', (records) => {
      const record = findRecord(records, identityHash, 'User');
      const value = record.value as JsonObject;
      const identity = isJsonObject(value.identity) ? value.identity : {};
      return replaceRecord('wallets-directory', records, identityHash, {
        ...value,
        identity: { ...identity, tier, verifiedActions: CONSENT_ACTIONS.slice(0, Math.min(tier, CONSENT_ACTIONS.length - 1) + 1) },
      });
    });
  }
  return { previousTier };
}
