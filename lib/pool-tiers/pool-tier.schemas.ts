import { z } from 'zod';

export const MAX_TIER = 5;

export const setPoolTierSchema = z.object({
  poolId: z.string().trim().min(1, 'Choose a pool.').max(100, 'Pool id is too long.'),
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
