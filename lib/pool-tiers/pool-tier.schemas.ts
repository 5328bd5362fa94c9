import { z } from 'zod';

export const MAX_TIER = 5;

/** A pool id as the legacy platform names pools (`solar-farm-aswan`): lower-case letters, digits, hyphens. */
export const POOL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const setPoolTierSchema = z.object({
  poolId: z.string().trim().regex(POOL_ID_PATTERN, 'Choose a pool.'),
  // An empty choice is refused rather than coerced to 0: a pool whose legacy value is not a whole
  // number shows no tier, and saving it untouched must not silently write "Tier 0".
  minTier: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ message: 'Choose a tier from 0 to 5.' })
      .int('Enter a whole tier from 0 to 5.')
      .min(0, 'Enter a tier from 0 to 5.')
      .max(MAX_TIER, 'Enter a tier from 0 to 5.'),
  ),
});
export type SetPoolTierInput = z.infer<typeof setPoolTierSchema>;
