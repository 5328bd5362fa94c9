import { writeIdentityTiers } from '@/lib/users/tier-change.service';
import { LegacyApiError } from '../legacy-api-error';
import type { LegacyContext } from '../legacy-route';

type WriteContext = Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller'>;

/**
 * Sets an identity's tier through the one tier-write rule the admin screens use (identity-map.json and
 * the wallet directory, one transaction, one TIER_CHANGE audit event). The legacy routes send no
 * reason; the event says it came from the legacy API by its source.
 */
export async function setIdentityTier(context: WriteContext, identityHash: string, tier: number): Promise<{ previousTier: number | null }> {
  if (!context.em) throw new LegacyApiError(503, 'Database unavailable');
  const { lines } = await writeIdentityTiers(context.em, { changes: [{ identityHash, tier }], reason: null, action: 'TIER_CHANGE' }, context.caller.audit);
  if (lines[0].outcome === 'not found') throw new LegacyApiError(404, 'User not found');
  return { previousTier: lines[0].from };
}
