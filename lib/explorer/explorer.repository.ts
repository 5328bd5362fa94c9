import type { EntityManager } from '@mikro-orm/postgresql';
import { findRefreshTimes, findTrend, periodView } from '@/lib/analytics/analytics.repository';
import { maskPhone } from '@/lib/crypto';
import { sql } from '@/lib/list-query/sql';
import { tableRowsEstimate } from '@/lib/list-query/total';
import {
  isoTime,
  type AddressDetailDto,
  type BlockSummaryDto,
  type ChainTransactionDetailDto,
  type DayPoint,
  type ExplorerOverview,
  type LinkedUserDto,
  type LogEntryDetailDto,
  type WalletDetailDto,
} from './explorer.dto';

const DAY_MS = 86_400_000;

async function rows<Row>(em: EntityManager, query: { text: string; values: readonly unknown[] }): Promise<Row[]> {
  return em.execute<Row[]>(query.text, [...query.values]);
}

type HeadRow = { height: string | null; mined_at: string | Date | null };

/** The stored chain head: the highest block number (read from its index) and when it was mined. */
export async function findChainHead(em: EntityManager): Promise<{ blockHeight: string | null; minedAt: string | null }> {
  const [head] = await rows<HeadRow>(
    em,
    sql`SELECT block_number::text AS height, mined_at FROM chain_blocks WHERE block_number IS NOT NULL ORDER BY block_number DESC, id DESC LIMIT 1`,
  );
  return { blockHeight: head?.height ?? null, minedAt: isoTime(head?.mined_at ?? null) };
}

/**
 * The overview: the live chain head, the per-day trend of `days` whole days ending with the latest
 * block's day (the chain's "today": on a live chain that is today, on an imported history its last
 * day) and the pool's published TVL and NAV (live-stats). The trend is read from the daily analytics
 * aggregate (decision 070: one index range over `analytics_daily`), so it is as of that view's last
 * refresh (`trendRefreshedAt`); grouping the base tables per day took seconds on a million transactions.
 */
export async function findExplorerOverview(em: EntityManager, days: number): Promise<ExplorerOverview> {
  const head = await findChainHead(em);
  const end = new Date(head.minedAt ?? Date.now());
  const to = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()) + DAY_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  const trend = await findTrend(em, {
    from: from.toISOString().slice(0, 10),
    to: new Date(to.getTime() - DAY_MS).toISOString().slice(0, 10),
    granularity: 'day',
  });
  const refreshTimes = await findRefreshTimes(em);
  const [{ n: storedBlocks }] = await rows<{ n: number }>(
    em,
    sql`SELECT CASE WHEN e.n > 10000 THEN e.n ELSE (SELECT count(*) FROM chain_blocks) END::int AS n FROM (${tableRowsEstimate('chain_blocks')}) e`,
  );
  const [pool] = await rows<{
    pool_tvl: string | null;
    nav: string | null;
    total_wallets: number | null;
    active_investors: number | null;
    last_updated_at: string | Date | null;
  }>(
    em,
    sql`SELECT pool_tvl::text AS pool_tvl, nav::text AS nav, total_wallets, active_investors, last_updated_at FROM live_stats ORDER BY legacy_position LIMIT 1`,
  );

  const points: DayPoint[] = trend.map((point) => ({
    day: point.bucket,
    blocks: point.blocks,
    chainTransactions: point.chainTransactions,
    logEntries: point.logTransactions,
    activeWallets: point.activeWallets,
    newWallets: point.newWallets,
  }));
  const sum = (pick: (point: DayPoint) => number) => points.reduce((total, point) => total + pick(point), 0);
  return {
    blockHeight: head.blockHeight,
    latestBlockAt: head.minedAt,
    storedBlocks: Number(storedBlocks),
    range: { days, from: from.toISOString(), to: to.toISOString() },
    peakActiveWallets: points.reduce((peak, point) => Math.max(peak, point.activeWallets), 0),
    transactionsInRange: sum((point) => point.chainTransactions + point.logEntries),
    blocksInRange: sum((point) => point.blocks),
    perDay: points,
    trendRefreshedAt: refreshTimes[periodView('day')] ?? null,
    pool: {
      tvl: pool?.pool_tvl ?? null,
      nav: pool?.nav ?? null,
      totalWallets: pool?.total_wallets ?? null,
      activeInvestors: pool?.active_investors ?? null,
      asOf: isoTime(pool?.last_updated_at ?? null),
    },
  };
}

type BlockRow = {
  id: string;
  block_number: string | null;
  block_hash: string | null;
  parent_hash: string | null;
  mined_at: string | Date | null;
  transaction_count: number | null;
  gas_used: string | null;
  gas_limit: string | null;
  base_fee_per_gas: string | null;
  size_bytes: number | null;
  miner: string | null;
};

// Qualified: the text alias `block_number` would otherwise be what ORDER BY sorts (as text: 99 after 301).
const BLOCK_COLUMNS = sql.raw(`b.id, b.block_number::text AS block_number, block_hash, parent_hash, mined_at, transaction_count, b.gas_used::text AS gas_used,
  b.gas_limit::text AS gas_limit, b.base_fee_per_gas::text AS base_fee_per_gas, b.size_bytes, b.miner`);

const toBlockSummary = (row: BlockRow): BlockSummaryDto => ({
  id: row.id,
  blockNumber: row.block_number,
  blockHash: row.block_hash,
  parentHash: row.parent_hash,
  minedAt: isoTime(row.mined_at),
  transactionCount: row.transaction_count,
  gasUsed: row.gas_used,
  gasLimit: row.gas_limit,
  baseFeePerGas: row.base_fee_per_gas,
  sizeBytes: row.size_bytes,
  miner: row.miner,
});

/** The blocks stored under a number: one, or several when the legacy file held the number twice (shown, not hidden). */
export async function findBlocksByNumber(em: EntityManager, blockNumber: string): Promise<BlockSummaryDto[]> {
  const found = await rows<BlockRow>(
    em,
    sql`SELECT ${BLOCK_COLUMNS} FROM chain_blocks b WHERE b.block_number = ${blockNumber}::bigint ORDER BY b.legacy_position, b.id`,
  );
  return found.map(toBlockSummary);
}

/**
 * A block number that is only a placeholder (decision 081): chain transactions name it, the chain history
 * does not hold it. Returns how many transactions name it, or null when the history holds the number or
 * nobody names it (any more: a number once known stays in the registry).
 */
export async function findPlaceholderBlock(em: EntityManager, blockNumber: string): Promise<{ transactionCount: number } | null> {
  const [found] = await rows<{ transaction_count: string }>(
    em,
    sql`SELECT (SELECT count(*) FROM chain_transactions t WHERE t.block_number = n.block_number) AS transaction_count
          FROM chain_block_numbers n WHERE n.block_number = ${blockNumber}::bigint AND NOT n.in_history AND n.in_transactions`,
  );
  return found ? { transactionCount: Number(found.transaction_count) } : null;
}

/** The newest blocks above `afterNumber` (all of the newest `limit` when it is null), newest first. */
export async function findLatestBlocks(em: EntityManager, { afterNumber, limit }: { afterNumber: string | null; limit: number }): Promise<BlockSummaryDto[]> {
  const above = afterNumber === null ? sql.raw('b.block_number IS NOT NULL') : sql`b.block_number > ${afterNumber}::bigint`;
  const found = await rows<BlockRow>(
    em,
    sql`SELECT ${BLOCK_COLUMNS} FROM chain_blocks b WHERE ${above} ORDER BY b.block_number DESC, b.id DESC LIMIT ${limit}`,
  );
  return found.map(toBlockSummary);
}

type ChainTransactionRow = {
  id: string;
  tx_hash: string;
  block_number: string | null;
  block_hash: string | null;
  transaction_index: number | null;
  from_address: string | null;
  to_address: string | null;
  value_wei: string | null;
  gas_used: string | null;
  gas_price_wei: string | null;
  tx_type: string | null;
  status: string | null;
  mined_at: string | Date | null;
};

const CHAIN_TX_COLUMNS = sql.raw(`id, tx_hash, block_number::text AS block_number, block_hash, transaction_index, from_address, to_address,
  value_wei::text AS value_wei, gas_used::text AS gas_used, gas_price_wei::text AS gas_price_wei, tx_type, status, mined_at`);

const toChainTransactionDetail = (row: ChainTransactionRow): ChainTransactionDetailDto => ({
  id: row.id,
  txHash: row.tx_hash,
  blockNumber: row.block_number,
  blockHash: row.block_hash,
  transactionIndex: row.transaction_index,
  fromAddress: row.from_address,
  toAddress: row.to_address,
  valueWei: row.value_wei,
  gasUsed: row.gas_used,
  gasPriceWei: row.gas_price_wei,
  txType: row.tx_type,
  status: row.status,
  minedAt: isoTime(row.mined_at),
});

type LogEntryRow = {
  id: string;
  legacy_id: number | null;
  occurred_at: string | Date | null;
  type: string | null;
  sub_type: string | null;
  action: string | null;
  wallet_address: string | null;
  sender_wallet_address: string | null;
  phone_masked: string | null;
  amount: string | null;
  tx_hash: string | null;
  block_number: string | null;
  identity_hash: string | null;
};

// The mask only: the stored last four digits are never selected, so no screen can put them beside it.
const LOG_COLUMNS = sql.raw(`id, legacy_id, occurred_at, type, sub_type, action, wallet_address, sender_wallet_address, phone_masked,
  amount::text AS amount, tx_hash, block_number::text AS block_number, identity_hash`);

const toLogEntryDetail =
  (showIdentity: boolean) =>
  (row: LogEntryRow): LogEntryDetailDto => ({
    id: row.id,
    legacyId: row.legacy_id,
    occurredAt: isoTime(row.occurred_at),
    type: row.type,
    subType: row.sub_type,
    action: row.action,
    walletAddress: row.wallet_address,
    senderWalletAddress: row.sender_wallet_address,
    phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
    amount: row.amount,
    txHash: row.tx_hash,
    blockNumber: row.block_number,
    identityHash: showIdentity ? row.identity_hash : null,
  });

/** A block's chain transactions (in block order) and the log entries recorded against its number. */
export async function findBlockTransactions(
  em: EntityManager,
  blockNumber: string,
  { showIdentity, limit = 500 }: { showIdentity: boolean; limit?: number },
): Promise<{ chain: ChainTransactionDetailDto[]; log: LogEntryDetailDto[] }> {
  const chain = await rows<ChainTransactionRow>(
    em,
    sql`SELECT ${CHAIN_TX_COLUMNS} FROM chain_transactions WHERE block_number = ${blockNumber}::bigint ORDER BY transaction_index NULLS LAST, id LIMIT ${limit}`,
  );
  const log = await rows<LogEntryRow>(
    em,
    sql`SELECT ${LOG_COLUMNS} FROM transaction_log WHERE block_number = ${blockNumber}::bigint ORDER BY occurred_at NULLS LAST, id LIMIT ${limit}`,
  );
  return { chain: chain.map(toChainTransactionDetail), log: log.map(toLogEntryDetail(showIdentity)) };
}

/** The chain transaction and the log entries that carry one hash (either may be missing). */
export async function findTransactionByHash(
  em: EntityManager,
  hash: string,
  { showIdentity }: { showIdentity: boolean },
): Promise<{ chain: ChainTransactionDetailDto[]; log: LogEntryDetailDto[] }> {
  const chain = await rows<ChainTransactionRow>(
    em,
    sql`SELECT ${CHAIN_TX_COLUMNS} FROM chain_transactions WHERE tx_hash = ${hash} ORDER BY legacy_position, id`,
  );
  const log = await rows<LogEntryRow>(em, sql`SELECT ${LOG_COLUMNS} FROM transaction_log WHERE tx_hash = ${hash} ORDER BY occurred_at NULLS LAST, id`);
  return { chain: chain.map(toChainTransactionDetail), log: log.map(toLogEntryDetail(showIdentity)) };
}

type WalletRow = {
  id: string;
  wallet_address: string;
  phone_masked: string | null;
  created_at: string | Date | null;
  created_block: string | null;
  creation_tx_hash: string | null;
  balance_egp: string | null;
  balance_hvt: string | null;
  last_updated_at: string | Date | null;
  identity_hash: string | null;
};

/**
 * An address: its directory wallets (balances, masked phone), how many chain transactions and log
 * entries name it, and (with `showIdentity`) the registered user it belongs to.
 */
export async function findAddressDetail(em: EntityManager, address: string, { showIdentity }: { showIdentity: boolean }): Promise<AddressDetailDto> {
  const lowered = address.toLowerCase();
  const wallets = await rows<WalletRow>(
    em,
    sql`SELECT id, wallet_address, coalesce(full_phone_masked, masked_phone) AS phone_masked, created_at, created_block::text AS created_block,
          creation_tx_hash, balance_egp::text AS balance_egp, balance_hvt::text AS balance_hvt, last_updated_at, identity_hash
        FROM wallet_directory WHERE lower(wallet_address) = ${lowered} ORDER BY legacy_position, id`,
  );
  // Capped counts: an address with more than 10,000 rows says "10,000+" rather than counting them all.
  const [{ chain, log }] = await rows<{ chain: number; log: number }>(
    em,
    sql`SELECT
          (SELECT count(*) FROM (SELECT 1 FROM chain_transactions WHERE lower(from_address) = ${lowered} OR lower(to_address) = ${lowered} LIMIT 10001) c)::int AS chain,
          (SELECT count(*) FROM (SELECT 1 FROM transaction_log WHERE lower(wallet_address) = ${lowered} OR lower(sender_wallet_address) = ${lowered} LIMIT 10001) l)::int AS log`,
  );
  let linkedUser: LinkedUserDto | null = null;
  if (showIdentity) {
    const identities = wallets.map((wallet) => wallet.identity_hash).filter((hash): hash is string => hash !== null);
    const byIdentity = identities.length ? sql`u.identity_hash IN (${identities})` : sql.raw('FALSE');
    const [user] = await rows<{ identity_hash: string; wallet_address: string | null; kyc_status: string; tier: number | null }>(
      em,
      sql`SELECT u.identity_hash, u.wallet_address, coalesce(k.status, 'not_submitted') AS kyc_status, m.tier
          FROM users u LEFT JOIN identity_map m ON m.legacy_key = u.legacy_key LEFT JOIN kyc_applications k ON k.legacy_key = u.legacy_key
          WHERE lower(u.wallet_address) = ${lowered} OR ${byIdentity} ORDER BY u.legacy_position LIMIT 1`,
    );
    if (user) linkedUser = { identityHash: user.identity_hash, walletAddress: user.wallet_address, kycStatus: user.kyc_status, tier: user.tier };
  }
  return {
    address: lowered,
    wallets: wallets.map((row): WalletDetailDto => ({
      id: row.id,
      walletAddress: row.wallet_address,
      phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
      createdAt: isoTime(row.created_at),
      createdBlock: row.created_block,
      creationTxHash: row.creation_tx_hash,
      balanceEgp: row.balance_egp,
      balanceHvt: row.balance_hvt,
      lastUpdatedAt: isoTime(row.last_updated_at),
      identityHash: showIdentity ? row.identity_hash : null,
    })),
    chainTransactionCount: chain,
    logEntryCount: log,
    linkedUser,
  };
}
