import { z } from 'zod';

export const MAX_TIER = 5;

export const setPoolTierSchema = z.object({
  poolId: z.string().trim().min(1, 'Choose a pool.').max(100, 'Pool id is too long.'),
  minTier: z.coerce
    .number({ message: 'Enter a tier from 0 to 5.' })
    .int('Enter a whole tier from 0 to 5.')
    .min(0, 'Enter a tier from 0 to 5.')
    .max(MAX_TIER, 'Enter a tier from 0 to 5.'),
});
export type SetPoolTierInput = z.infer<typeof setPoolTierSchema>;
