'use client';

import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import type { PoolTierDto } from '@/lib/pool-tiers/pool-tier.service';
import { MAX_TIER } from '@/lib/pool-tiers/pool-tier.schemas';
import { setPoolTierAction } from './actions';

export function PoolTierForm({ pool }: { pool: PoolTierDto }) {
  const [state, action, pending] = useActionState(setPoolTierAction, undefined);
  return (
    <form action={action} className="inline" style={{ gap: '0.4rem' }}>
      <input type="hidden" name="poolId" value={pool.poolId} />
      <select name="minTier" defaultValue={pool.minTier ?? 0} aria-label={`Minimum tier for ${pool.poolId}`}>
        {Array.from({ length: MAX_TIER + 1 }, (_, tier) => (
          <option key={tier} value={tier}>
            Tier {tier}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      <ActionResult state={state} />
    </form>
  );
}
