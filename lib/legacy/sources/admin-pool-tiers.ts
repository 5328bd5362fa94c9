import { z } from 'zod';
import { defineSource } from '../source-adapter';

/** `admin-pool-tiers.json`: `{ "<poolId>": <minimum tier> }`. Key: the pool id. */
export const adminPoolTiersSource = defineSource({
  id: 'admin-pool-tiers',
  relativePath: 'admin-pool-tiers.json',
  layout: { container: 'map' },
  recordSchema: z.number().int(),
});
