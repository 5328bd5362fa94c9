import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import type { Dataset } from '../dataset/dataset';
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

export async function listBlocks(data: Dataset, query: { page: number; limit: number }) {
  const { blocks, total } = await data.blocks((query.page - 1) * query.limit, query.limit);
  return { blocks, pagination: { page: query.page, limit: query.limit, total, totalPages: Math.max(1, Math.ceil(total / query.limit)) } };
}
