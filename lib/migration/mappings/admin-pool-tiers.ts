import { integer } from '../codecs';
import type { SourceMapping } from '../source-mapping';

/**
 * admin-pool-tiers.json → pool_tiers: pool id (the key) → the minimum identity tier to invest.
 * An access rule, so the value is kept exactly as written (no range CHECK that would move it aside);
 * a value that is not an int32 stays in `extra` and leaves `min_tier` NULL.
 */
export const adminPoolTiersMapping: SourceMapping = {
  source: 'admin-pool-tiers',
  table: 'pool_tiers',
  root: { column: 'min_tier', codec: integer },
  fields: [],
};
