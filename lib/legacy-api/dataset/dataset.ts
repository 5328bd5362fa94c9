import type { JsonObject, JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyAssetListFilter } from '@/lib/assets/asset.repository';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { LegacyTransactionFilter } from '@/lib/transactions/transaction.repository';
import type { LegacyUserListFilter } from '@/lib/users/user.repository';
import type { LegacyUserRow } from '../users/user.schemas';

/** Legacy sources small enough to be read whole on every (cached) request, even at the large scale. */
export type WholeSource = 'admin-opportunities' | 'admin-pool-tiers' | 'kyc-metadata' | 'identity-map' | 'wallet-db';

export type TransactionFilter = LegacyTransactionFilter;
export type TransactionSummary = { total: number; last24h: number; lastWeek: number; types: string[] };
export type ConsentSummary = {
  total: number;
  tierDistribution: Record<string, number>;
  actionDistribution: Record<string, number>;
  averageTier: number;
  biometricUsage: number;
  geoVerified: number;
};
/** Harvest-pool money flows from the transaction log; amounts are exact decimal strings. */
export type PoolFlows = { invested: string; redeemed: string; profit: string; investments: number; redemptions: number; investors: number };
export type Investments = { count: number; total: string };
/** One page of the legacy asset list (records as stored, in list order) and how many match in all. */
export type AssetListPage = { records: JsonValue[]; total: number };
export type AssetListQuery = LegacyAssetListFilter & { page: number; limit: number };
/** One page of the legacy users list (wallet-db order) and how many match in all. */
export type UserListPage = { users: LegacyUserRow[]; total: number };
export type UserListQuery = LegacyUserListFilter & { limit: number; offset: number };
export type ChainSummary = { blocks: number; latestBlock: JsonObject | null; chainTransactions: number; averageBlockSeconds: number | null };

/**
 * Everything the legacy routes read, answered either from PostgreSQL (`pg-dataset`) or, when it is
 * unreachable, from the legacy files (`file-dataset`). Both return legacy records exactly as the
 * legacy files hold them, so a service computes the same body from either.
 */
export type Dataset = {
  readonly databaseConnected: boolean;
  /** Every record of a small source, in file order. */
  records(source: WholeSource): Promise<LegacyRecord[]>;
  record(source: WholeSource, key: string): Promise<LegacyRecord | null>;
  /** The legacy asset list's page: filtered, sorted and paged (`GET /api/admin/assets`). */
  assetPage(query: AssetListQuery): Promise<AssetListPage>;
  /** The legacy users list's page (`GET /api/users`, `GET /api/users/:id`): filtered and paged by the dataset (in SQL on PostgreSQL). */
  userPage(query: UserListQuery): Promise<UserListPage>;
  liveStats(): Promise<JsonObject | null>;
  /** wallets-directory entries, in file order; filtered by address (any case) or identity when given. */
  wallets(filter?: { address?: string; identityHash?: string }): Promise<JsonObject[]>;
  /** One page of the directory in file order, the transaction-log count of each page wallet's identity, and the directory's size. */
  walletPage(page: { limit: number; offset: number }): Promise<{ wallets: JsonObject[]; counts: Map<string, number>; total: number }>;
  walletCount(): Promise<number>;
  userCount(): Promise<number>;
  /** Transaction-log rows per identity hash. */
  transactionCounts(): Promise<Map<string, number>>;
  /** Newest first, as the log is written. */
  transactions(filter: TransactionFilter, limit: number): Promise<JsonObject[]>;
  transactionSummary(filter: TransactionFilter, now: Date): Promise<TransactionSummary>;
  consentSummary(): Promise<ConsentSummary>;
  poolFlows(): Promise<PoolFlows>;
  /** `harvest_invest` rows and their amount per identity hash. */
  investments(): Promise<Map<string, Investments>>;
  /** Identities with a transaction after `since`. */
  activeIdentities(since: Date): Promise<Set<string>>;
  /** Blocks newest first. */
  blocks(offset: number, limit: number): Promise<{ blocks: JsonObject[]; total: number }>;
  /** One block by number and its chain transactions in index order; null when no block has that number. */
  block(number: number): Promise<{ block: JsonObject; transactions: JsonObject[] } | null>;
  /** The chain transaction and the transaction-log entry with this hash (as stored, lowercase); either may be missing. */
  transactionByHash(hash: string): Promise<{ chain: JsonObject | null; log: JsonObject | null }>;
  /** Chain transactions from or to an address (any case), newest first. */
  addressChainTransactions(address: string, limit: number): Promise<JsonObject[]>;
  chainSummary(): Promise<ChainSummary>;
  /** The newest `limit` server-log entries, newest first. */
  serverLogs(limit: number, type?: string): Promise<JsonObject[]>;
};
