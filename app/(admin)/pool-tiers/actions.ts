'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { setPoolTierSchema } from '@/lib/pool-tiers/pool-tier.schemas';
import { setPoolTier } from '@/lib/pool-tiers/pool-tier.service';

export const setPoolTierAction = adminAction({ permission: 'assets:write', schema: setPoolTierSchema }, async ({ input, em, audit }) => {
  await setPoolTier(em, input, audit);
  revalidatePath('/pool-tiers');
  return { ok: true, message: `${input.poolId} now requires tier ${input.minTier}.` };
});
