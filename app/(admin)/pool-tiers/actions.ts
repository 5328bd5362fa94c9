'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { setPoolTierSchema } from '@/lib/pool-tiers/pool-tier.schemas';
import { setPoolTier } from '@/lib/pool-tiers/pool-tier.service';
import { withEm } from '@/lib/db';

export const setPoolTierAction = adminAction({ permission: 'assets:write', schema: setPoolTierSchema }, async ({ input, actor }) => {
  // The write path syncs or mirrors in its own transactions, so it gets its own EntityManager.
  await withEm((em) => setPoolTier(em, input, { source: 'admin-ui', actorId: actor.id, actorLabel: actor.email }));
  revalidatePath('/pool-tiers');
  return { ok: true, message: `${input.poolId} now requires tier ${input.minTier}.` };
});
