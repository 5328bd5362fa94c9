import { bigint, decimalString, integer, timestamp } from '../codecs';
import type { SourceMapping } from '../source-mapping';

/** explorer-data/live-stats.json → live_stats: the one record (key `live-stats`); TVL and NAV are decimal text. */
export const liveStatsMapping: SourceMapping = {
  source: 'live-stats',
  table: 'live_stats',
  fields: [
    { field: 'blockHeight', column: 'block_height', codec: bigint },
    { field: 'totalWallets', column: 'total_wallets', codec: integer },
    { field: 'poolTVL', column: 'pool_tvl', codec: decimalString },
    { field: 'nav', column: 'nav', codec: decimalString },
    { field: 'activeInvestors', column: 'active_investors', codec: integer },
    { field: 'lastUpdated', column: 'last_updated_at', codec: timestamp },
  ],
};
