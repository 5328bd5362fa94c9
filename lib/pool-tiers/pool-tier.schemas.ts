import { z } from 'zod';

export const MAX_TIER = 5;

/** A pool id as the legacy platform names pools (`solar-farm-aswan`): lower-case letters, digits, hyphens. */
export const POOL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const setPoolTierSchema = z.object({
  poolId: z.string().trim().regex(POOL_ID_PATTERN, 'Choose a pool.'),
  minTier: z.coerce
    .number({ message: 'Enter a tier from 0 to 5.' })
    .int('Enter a whole tier from 0 to 5.')
    .min(0, 'Enter a tier from 0 to 5.')
    .max(MAX_TIER, 'Enter a tier from 0 to 5.'),
});
export type SetPoolTierInput = z.infer<typeof setPoolTierSchema>;
