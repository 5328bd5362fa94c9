import type { SourceId } from '@/lib/legacy/sources';
import type { SourceMapping } from '../source-mapping';
import { fullChainHistoryMapping } from './full-chain-history';
import { identityMapMapping } from './identity-map';
import { kycMetadataMapping } from './kyc-metadata';
import { liveStatsMapping } from './live-stats';
import { persistentTransactionsMapping } from './persistent-transactions';
import { transactionsLogMapping } from './transactions-log';
import { walletDbMapping } from './wallet-db';
import { walletsDirectoryMapping } from './wallets-directory';
import { adminLogsMapping } from './admin-logs';
import { adminOpportunitiesMapping } from './admin-opportunities';
import { adminPoolTiersMapping } from './admin-pool-tiers';
import { consentsDbMapping } from './consents-db';
import { serverLogsMapping } from './server-logs';

/** The table mapping of every legacy source the engine imports. */
export const SOURCE_MAPPINGS: Partial<Record<SourceId, SourceMapping>> = {
  'wallet-db': walletDbMapping,
  'full-chain-history': fullChainHistoryMapping,
  'kyc-metadata': kycMetadataMapping,
  'transactions-log': transactionsLogMapping,
  'wallets-directory': walletsDirectoryMapping,
  'persistent-transactions': persistentTransactionsMapping,
  'live-stats': liveStatsMapping,
  'identity-map': identityMapMapping,
  'admin-opportunities': adminOpportunitiesMapping,
  'admin-logs': adminLogsMapping,
  'consents-db': consentsDbMapping,
  'admin-pool-tiers': adminPoolTiersMapping,
  'server-logs': serverLogsMapping,
};
