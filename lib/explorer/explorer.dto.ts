/**
 * What the explorer screens show. 64-bit numbers and amounts are decimal strings (exact); times are
 * ISO strings. A phone is only ever its mask (prefix kept, last four hidden), never with its last four
 * digits; an identity hash is present only for a role with `explorer:identities` (null otherwise).
 */
export const isoTime = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

export type DayPoint = { day: string; blocks: number; chainTransactions: number; logEntries: number; activeWallets: number; newWallets: number };

export type ExplorerOverview = {
  /** The highest stored block number, null on an empty chain. */
  blockHeight: string | null;
  latestBlockAt: string | null;
  storedBlocks: number;
  /** The chart range: `days` whole days ending with the latest block's day (today on a live chain). */
  range: { days: number; from: string; to: string };
  /**
   * The most distinct active wallets of one day in the range (decision 070's definition: either side of
   * a chain transaction, the log entry's wallet). Distinct wallets over the whole range cannot be added
   * up from daily aggregates, and counting them from the base tables is the cost the aggregates remove.
   */
  peakActiveWallets: number;
  transactionsInRange: number;
  blocksInRange: number;
  perDay: DayPoint[];
  /** When the daily aggregate the per-day figures come from was last refreshed (null: never). */
  trendRefreshedAt: string | null;
  pool: { tvl: string | null; nav: string | null; totalWallets: number | null; activeInvestors: number | null; asOf: string | null };
};

export type BlockSummaryDto = {
  id: string;
  blockNumber: string | null;
  blockHash: string | null;
  parentHash: string | null;
  minedAt: string | null;
  transactionCount: number | null;
  gasUsed: string | null;
  gasLimit: string | null;
  baseFeePerGas: string | null;
  sizeBytes: number | null;
  miner: string | null;
};

/** One row of the unified transactions list: a chain transaction or a transaction-log entry. */
export type ExplorerTransactionRowDto = {
  id: string;
  source: 'chain' | 'log';
  time: string | null;
  type: string | null;
  hash: string | null;
  blockNumber: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  /** In tokens: a chain value converted from wei (exact), a log entry's amount as recorded. */
  amount: string | null;
  identityHash: string | null;
};

export type ChainTransactionDetailDto = {
  id: string;
  txHash: string;
  blockNumber: string | null;
  blockHash: string | null;
  transactionIndex: number | null;
  fromAddress: string | null;
  toAddress: string | null;
  valueWei: string | null;
  gasUsed: string | null;
  gasPriceWei: string | null;
  txType: string | null;
  status: string | null;
  minedAt: string | null;
};

export type LogEntryDetailDto = {
  id: string;
  legacyId: number | null;
  occurredAt: string | null;
  type: string | null;
  subType: string | null;
  action: string | null;
  walletAddress: string | null;
  senderWalletAddress: string | null;
  phoneMasked: string | null;
  amount: string | null;
  txHash: string | null;
  blockNumber: string | null;
  identityHash: string | null;
};

export type WalletDetailDto = {
  id: string;
  walletAddress: string;
  phoneMasked: string | null;
  createdAt: string | null;
  createdBlock: string | null;
  creationTxHash: string | null;
  balanceEgp: string | null;
  balanceHvt: string | null;
  lastUpdatedAt: string | null;
  identityHash: string | null;
};

export type LinkedUserDto = { identityHash: string; walletAddress: string | null; kycStatus: string; tier: number | null };

export type AddressDetailDto = {
  address: string;
  wallets: WalletDetailDto[];
  chainTransactionCount: number;
  logEntryCount: number;
  /** Only for a role with `explorer:identities`; null when no registered user owns the address. */
  linkedUser: LinkedUserDto | null;
};

export type ExplorerSearchHit =
  | { kind: 'block'; blockNumber: string; href: string }
  | { kind: 'transaction'; hash: string; href: string }
  | { kind: 'address'; address: string; href: string }
  | { kind: 'identity'; identityHash: string; walletAddress: string | null; href: string };
