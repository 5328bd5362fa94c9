import type { EntityManager } from '@mikro-orm/postgresql';
import { findChainIngestLag } from '@/lib/chain/chain-ingest.repository';
import { searchExplorer } from '@/lib/explorer/explorer-search';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import type { Dataset } from '../dataset/dataset';
import { LegacyApiError } from '../legacy-api-error';
import { sumDecimals } from '../decimal';
import { walletView } from '../wallets/wallet-view';

const HARVEST_POOL = 'harvest-pool';

/** `?type=consent` → the `consent_signature` rows (the documented alias); anything else names a type as stored. */
function transactionTypes(type: string | undefined): string[] | undefined {
  if (!type) return undefined;
  return [type === 'consent' ? 'consent_signature' : type];
}

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** `live-stats.json` as PendScan shows it; counted from the other sources when the file has no record. */
export async function getExplorerStats(data: Dataset) {
  const stats = await data.liveStats();
  if (stats) {
    return {
      ...stats,
      blockHeight: num(stats.blockHeight) ?? 0,
      totalWallets: num(stats.totalWallets) ?? 0,
      poolTVL: typeof stats.poolTVL === 'string' ? stats.poolTVL : '0',
      nav: typeof stats.nav === 'string' ? stats.nav : '1',
      activeInvestors: num(stats.activeInvestors) ?? 0,
      lastUpdated: typeof stats.lastUpdated === 'string' ? stats.lastUpdated : null,
    };
  }
  const [chain, wallets, pool] = await Promise.all([data.chainSummary(), data.walletCount(), poolAnalytics(data)]);
  return {
    blockHeight: num(chain.latestBlock?.number) ?? 0,
    totalWallets: wallets,
    poolTVL: pool.tvl,
    nav: pool.nav,
    activeInvestors: pool.activeInvestors,
    lastUpdated: null,
  };
}

export async function listExplorerWallets(data: Dataset) {
  const [wallets, counts] = await Promise.all([data.wallets(), data.transactionCounts()]);
  return { wallets: wallets.map((wallet) => walletView(wallet, counts.get(String(wallet.identityHash)) ?? 0)), total: wallets.length };
}

export async function listTransactions(data: Dataset, query: { limit: number; type?: string }) {
  const filter = { types: transactionTypes(query.type) };
  const [transactions, analytics] = await Promise.all([data.transactions(filter, query.limit), data.transactionSummary(filter, new Date())]);
  return { transactions, analytics };
}

export async function listConsentTransactions(data: Dataset, limit: number) {
  const [transactions, analytics] = await Promise.all([data.transactions({ types: ['consent_signature'] }, limit), data.consentSummary()]);
  return { transactions, analytics };
}

function ratio(numerator: string, denominator: string): number {
  const value = Number(numerator) / Number(denominator);
  return Number.isFinite(value) ? value : 0;
}

/** The harvest pool from its transaction-log flows: TVL, the published NAV and the NAV the flows imply. */
async function poolAnalytics(data: Dataset) {
  const [flows, stats, tier] = await Promise.all([data.poolFlows(), data.liveStats(), data.record('admin-pool-tiers', HARVEST_POOL)]);
  const tvl = sumDecimals([flows.invested, `-${flows.redeemed}`, flows.profit]);
  const dynamicNAV = (1 + ratio(flows.profit, flows.invested)).toFixed(4);
  return {
    poolId: HARVEST_POOL,
    tvl: typeof stats?.poolTVL === 'string' ? stats.poolTVL : tvl,
    nav: typeof stats?.nav === 'string' ? stats.nav : dynamicNAV,
    dynamicNAV,
    totalInvested: flows.invested,
    totalRedeemed: flows.redeemed,
    totalProfit: flows.profit,
    investments: flows.investments,
    redemptions: flows.redemptions,
    activeInvestors: flows.investors,
    requiredTier: typeof tier?.value === 'number' ? tier.value : null,
    profitYield: `${Math.round(ratio(flows.profit, flows.invested) * 10_000) / 100}%`,
  };
}

export async function getPool(data: Dataset) {
  return { success: true as const, pool: await poolAnalytics(data) };
}

export async function getAdvanced(data: Dataset) {
  const [chain, pool, wallets, transactionLog] = await Promise.all([
    data.chainSummary(),
    poolAnalytics(data),
    data.wallets(),
    data.transactionSummary({}, new Date()),
  ]);
  const tiers: Record<string, number> = {};
  for (const wallet of wallets) {
    const tier = isJsonObject(wallet.identity) ? num(wallet.identity.tier) : null;
    if (tier !== null) tiers[String(tier)] = (tiers[String(tier)] ?? 0) + 1;
  }
  const latest: JsonObject | null = chain.latestBlock;
  return {
    networkStats: {
      blockHeight: num(latest?.number) ?? 0,
      totalBlocks: chain.blocks,
      chainTransactions: chain.chainTransactions,
      averageBlockTime: chain.averageBlockSeconds,
      latestBlock: latest
        ? {
            number: num(latest.number),
            hash: typeof latest.hash === 'string' ? latest.hash : null,
            timestamp: typeof latest.timestamp === 'string' ? latest.timestamp : null,
          }
        : null,
    },
    poolAnalytics: pool,
    walletDirectory: {
      totalWallets: wallets.length,
      withFullPhone: wallets.filter((wallet) => typeof wallet.fullPhoneNumber === 'string').length,
      tierDistribution: tiers,
    },
    transactionLog,
  };
}

/** The served `{blocks, pagination}` and, for the planned `{data, pagination:{page,limit,total}}` shape, the same page as `data`. */
export async function listBlocks(data: Dataset, query: { page: number; limit: number }) {
  const { blocks, total } = await data.blocks((query.page - 1) * query.limit, query.limit);
  return {
    blocks,
    data: blocks,
    pagination: { page: query.page, limit: query.limit, total, totalPages: Math.max(1, Math.ceil(total / query.limit)) },
  };
}

export async function getBlock(data: Dataset, number: number) {
  const found = await data.block(number);
  if (!found) throw new LegacyApiError(404, 'Block not found');
  return { success: true as const, ...found };
}

/** Hashes are stored lowercase; any case is accepted. */
export async function getTransactionByHash(data: Dataset, hash: string) {
  const { chain, log } = await data.transactionByHash(hash.toLowerCase());
  if (!chain && !log) throw new LegacyApiError(404, 'Transaction not found');
  return { success: true as const, transaction: chain, logEntry: log };
}

export async function listAddressTransactions(data: Dataset, address: string, limit: number) {
  const [transactions, logEntries] = await Promise.all([data.addressChainTransactions(address, limit), data.transactions({ walletAddress: address }, limit)]);
  return { success: true as const, address: address.toLowerCase(), transactions, logEntries };
}

const BLOCK_NUMBER = /^\d{1,15}$/;
const HASH_32 = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;

type SearchHit =
  | { kind: 'block'; blockNumber: string }
  | { kind: 'transaction'; hash: string }
  | { kind: 'address'; address: string }
  | { kind: 'identity'; identityHash: string; walletAddress: string | null };

/**
 * Universal search: the admin explorer's search (lib/explorer) on PostgreSQL, identity prefixes only for the
 * admin key; from the files, block numbers, transaction hashes and addresses.
 */
export async function searchLegacyExplorer(data: Dataset, em: EntityManager | null, q: string, isAdmin: boolean) {
  let results: SearchHit[];
  if (em) {
    results = (await searchExplorer(em, { q }, { showIdentity: isAdmin })).map(({ href: _href, ...hit }) => hit);
  } else {
    const text = q.replace(/\s+/g, '').toLowerCase();
    results = [];
    if (BLOCK_NUMBER.test(text) && (await data.block(Number(text)))) results.push({ kind: 'block', blockNumber: String(Number(text)) });
    if (HASH_32.test(text)) {
      const { chain, log } = await data.transactionByHash(text);
      if (chain || log) results.push({ kind: 'transaction', hash: text });
    }
    if (ADDRESS.test(text)) results.push({ kind: 'address', address: text });
  }
  return { success: true as const, query: q, results };
}

export async function getNetworkStats(data: Dataset) {
  const [chain, totalWallets, transactionLog] = await Promise.all([data.chainSummary(), data.walletCount(), data.transactionSummary({}, new Date())]);
  const latest = chain.latestBlock;
  return {
    success: true as const,
    data: {
      blockHeight: num(latest?.number) ?? 0,
      totalBlocks: chain.blocks,
      chainTransactions: chain.chainTransactions,
      averageBlockTime: chain.averageBlockSeconds,
      latestBlockAt: typeof latest?.timestamp === 'string' ? latest.timestamp : null,
      totalWallets,
      transactionLog,
    },
  };
}

// Within this many blocks of the node the explorer counts as synced (a block or two arrive between checks).
const SYNCED_LAG_BLOCKS = 2;

/** The ingester's last view of node head versus stored head (lib/chain); from the files only the stored head is known. */
export async function getBlockchainSync(data: Dataset, em: EntityManager | null) {
  const lag = em ? await findChainIngestLag(em) : null;
  const storedHead = lag?.storedHead ?? num((await data.chainSummary()).latestBlock?.number);
  const lagBlocks = lag?.lagBlocks ?? null;
  return {
    status: lagBlocks === null ? ('unknown' as const) : lagBlocks <= SYNCED_LAG_BLOCKS ? ('synced' as const) : ('lagging' as const),
    storedHead: storedHead === null || storedHead === undefined ? null : Number(storedHead),
    nodeHead: lag?.nodeHead ? Number(lag.nodeHead) : null,
    lagBlocks,
    lastIngestAt: lag?.lastIngestAt ?? null,
    lastCheckAt: lag?.lastCheckAt ?? null,
  };
}
