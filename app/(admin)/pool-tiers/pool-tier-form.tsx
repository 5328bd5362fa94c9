'use client';

import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import type { PoolTierDto } from '@/lib/pool-tiers/pool-tier.service';
import { MAX_TIER } from '@/lib/pool-tiers/pool-tier.schemas';
import { setPoolTierAction } from './actions';

/**
 * A pool's minimum tier. A pool whose legacy value is not a whole number starts with no tier chosen
 * (never a made-up "Tier 0"), and saving without choosing one is refused by the schema.
 */
export function PoolTierForm({ pool }: { pool: PoolTierDto }) {
  const [state, action, pending] = useActionState(setPoolTierAction, undefined);
  const errorId = `tier-${pool.poolId}-error`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="poolId" value={pool.poolId} />
      <NativeSelect
        name="minTier"
        defaultValue={pool.minTier ?? ''}
        aria-label={`Minimum tier for ${pool.poolId}`}
        aria-invalid={state?.fieldErrors?.minTier ? true : undefined}
        aria-describedby={errorId}
      >
        {pool.minTier === null && (
          <option value="" disabled>
            Choose a tier
          </option>
        )}
        {Array.from({ length: MAX_TIER + 1 }, (_, tier) => (
          <option key={tier} value={tier}>
            Tier {tier}
          </option>
        ))}
      </NativeSelect>
      <Button type="submit" variant="outline" size="sm" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </Button>
      <span id={errorId}>
        <ActionResult state={state?.fieldErrors?.minTier ? { ok: false, message: state.fieldErrors.minTier.join(' ') } : state} />
      </span>
    </form>
  );
}
