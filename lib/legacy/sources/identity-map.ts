import { z } from 'zod';
import { defineSource } from '../source-adapter';

export const identityMapEntrySchema = z.looseObject({
  walletAddress: z.string(),
  maskedPhone: z.string().optional(),
  phoneHash: z.string().optional(),
  tier: z.number().int().optional(),
});

/** `explorer-data/identity-map.json`: `{ "<identityHash>": { walletAddress, maskedPhone, phoneHash, tier } }`. Key: the identity hash. */
export const identityMapSource = defineSource({
  id: 'identity-map',
  relativePath: 'explorer-data/identity-map.json',
  layout: { container: 'map' },
  recordSchema: identityMapEntrySchema,
});
