import { adminLogsSource } from './admin-logs';
import { adminOpportunitiesSource } from './admin-opportunities';
import { adminPoolTiersSource } from './admin-pool-tiers';
import { consentsDbSource } from './consents-db';
import { fullChainHistorySource } from './full-chain-history';
import { identityMapSource } from './identity-map';
import { kycMetadataSource } from './kyc-metadata';
import { liveStatsSource } from './live-stats';
import { persistentTransactionsSource } from './persistent-transactions';
import { serverLogsSource } from './server-logs';
import { transactionsLogSource } from './transactions-log';
import { walletDbSource } from './wallet-db';
import { walletsDirectorySource } from './wallets-directory';

/**
 * Every legacy source, in the order of the legacy data folder's layout (the order reports list them).
 * Reference sources come before the ones checked against them: users, then KYC, then the explorer.
 */
export const LEGACY_SOURCES = [
  walletDbSource,
  adminOpportunitiesSource,
  adminLogsSource,
  kycMetadataSource,
  consentsDbSource,
  adminPoolTiersSource,
  serverLogsSource,
  transactionsLogSource,
  walletsDirectorySource,
  fullChainHistorySource,
  persistentTransactionsSource,
  liveStatsSource,
  identityMapSource,
] as const;

export type LegacySource = (typeof LEGACY_SOURCES)[number];
export type SourceId = LegacySource['id'];

export function getLegacySource(id: SourceId): LegacySource {
  return LEGACY_SOURCES.find((source) => source.id === id)!;
}

export {
  adminLogsSource,
  adminOpportunitiesSource,
  adminPoolTiersSource,
  consentsDbSource,
  fullChainHistorySource,
  identityMapSource,
  kycMetadataSource,
  liveStatsSource,
  persistentTransactionsSource,
  serverLogsSource,
  transactionsLogSource,
  walletDbSource,
  walletsDirectorySource,
};
