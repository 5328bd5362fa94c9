import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceId } from '@/lib/legacy/sources';
import { listAssetsInMemory } from '../assets/asset-list';
import { listUsersInMemory, userSources } from '../users/user-list';
import { sumDecimals } from '../decimal';
import { readLegacyFile } from '../file-fallback';
import type { ConsentSummary, Dataset, Investments, PoolFlows, TransactionFilter } from './dataset';

const DAY_MS = 86_400_000;

function objects(records: readonly LegacyRecord[]): JsonObject[] {
  return records.flatMap((record) => (isJsonObject(record.value) ? [record.value] : []));
}

const str = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

function increment(counts: Map<string, number> | Record<string, number>, key: string): void {
  if (counts instanceof Map) counts.set(key, (counts.get(key) ?? 0) + 1);
  else counts[key] = (counts[key] ?? 0) + 1;
}

function matches(row: JsonObject, filter: TransactionFilter): boolean {
  if (filter.types?.length && !filter.types.includes(str(row.type) ?? '')) return false;
  if (filter.identityHash && row.identityHash !== filter.identityHash) return false;
  if (filter.walletAddress) {
    const address = filter.walletAddress.toLowerCase();
    if (str(row.walletAddress)?.toLowerCase() !== address && str(row.senderWalletAddress)?.toLowerCase() !== address) return false;
  }
  return true;
}

/**
 * The dataset read from the legacy files (read-only) while PostgreSQL is unreachable: the same answers
 * as `pgDataset`, computed in memory from the parsed files.
 */
export function fileDataset(dir?: string): Dataset {
  const load = async (source: SourceId) => (await readLegacyFile(source, dir)).records;
  const rows = async (source: SourceId) => objects(await load(source));
  const transactionRows = () => rows('transactions-log');

  const dataset: Dataset = {
    databaseConnected: false,
    records: (source) => load(source),
    record: async (source, key) => (await load(source)).find((record) => record.key === key) ?? null,
    assetPage: async (query) => listAssetsInMemory(await load('admin-opportunities'), query),

    async userPage(query) {
      const [users, identities, wallets, investments] = await Promise.all([load('wallet-db'), load('identity-map'), dataset.wallets(), dataset.investments()]);
      return listUsersInMemory(userSources(users, identities, wallets, investments), query);
    },

    async liveStats() {
      const [record] = await load('live-stats');
      return record && isJsonObject(record.value) ? record.value : null;
    },

    async wallets(filter = {}) {
      return (await rows('wallets-directory')).filter(
        (wallet) =>
          (!filter.address || str(wallet.walletAddress)?.toLowerCase() === filter.address.toLowerCase()) &&
          (!filter.identityHash || wallet.identityHash === filter.identityHash),
      );
    },

    async walletPage({ limit, offset }) {
      const wallets = await rows('wallets-directory');
      const counts = new Map<string, number>();
      for (const row of await transactionRows()) if (str(row.identityHash)) increment(counts, row.identityHash as string);
      return { wallets: wallets.slice(offset, offset + limit), counts, total: wallets.length };
    },

    walletCount: async () => (await load('wallets-directory')).length,
    userCount: async () => (await load('wallet-db')).length,

    async transactionCounts() {
      const counts = new Map<string, number>();
      for (const row of await transactionRows()) if (str(row.identityHash)) increment(counts, row.identityHash as string);
      return counts;
    },

    transactions: async (filter, limit) => (await transactionRows()).filter((row) => matches(row, filter)).slice(0, limit),

    async transactionSummary(filter, now) {
      const selected = (await transactionRows()).filter((row) => matches(row, filter));
      const age = (row: JsonObject) => now.getTime() - Date.parse(str(row.timestamp) ?? '');
      return {
        total: selected.length,
        last24h: selected.filter((row) => age(row) < DAY_MS).length,
        lastWeek: selected.filter((row) => age(row) < 7 * DAY_MS).length,
        types: [...new Set(selected.flatMap((row) => (str(row.type) ? [row.type as string] : [])))].sort(),
      };
    },

    async consentSummary(): Promise<ConsentSummary> {
      const consents = (await transactionRows()).filter((row) => row.type === 'consent_signature');
      const tierDistribution: Record<string, number> = {};
      const actions = new Map<string, number>();
      const tiers: number[] = [];
      for (const row of consents) {
        if (typeof row.consentTier === 'number') {
          increment(tierDistribution, String(row.consentTier));
          tiers.push(row.consentTier);
        }
        if (str(row.action)) increment(actions, row.action as string);
      }
      const average = tiers.length ? tiers.reduce((sum, tier) => sum + tier, 0) / tiers.length : 0;
      return {
        total: consents.length,
        tierDistribution: Object.fromEntries(Object.entries(tierDistribution).sort(([a], [b]) => Number(a) - Number(b))),
        actionDistribution: Object.fromEntries([...actions].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))),
        averageTier: Math.round(average * 10) / 10,
        biometricUsage: consents.filter((row) => row.biometricUsed === true).length,
        geoVerified: consents.filter((row) => row.consentTier === 5 || row.consentLevel === 'geo-verified').length,
      };
    },

    async poolFlows(): Promise<PoolFlows> {
      const all = await transactionRows();
      const ofType = (type: string) => all.filter((row) => row.type === type);
      const invests = ofType('harvest_invest');
      return {
        invested: sumDecimals(invests.map((row) => str(row.amount))),
        redeemed: sumDecimals(ofType('harvest_redeem').map((row) => str(row.amount))),
        profit: sumDecimals(ofType('pool_profit').map((row) => str(row.amount))),
        investments: invests.length,
        redemptions: ofType('harvest_redeem').length,
        investors: new Set(invests.map((row) => str(row.identityHash)).filter(Boolean)).size,
      };
    },

    async investments() {
      const amounts = new Map<string, string[]>();
      for (const row of await transactionRows()) {
        const identity = str(row.identityHash);
        if (row.type !== 'harvest_invest' || !identity) continue;
        amounts.set(identity, [...(amounts.get(identity) ?? []), str(row.amount) ?? '0']);
      }
      return new Map<string, Investments>([...amounts].map(([identity, list]) => [identity, { count: list.length, total: sumDecimals(list) }]));
    },

    async activeIdentities(since) {
      const active = new Set<string>();
      for (const row of await transactionRows()) {
        if (str(row.identityHash) && Date.parse(str(row.timestamp) ?? '') > since.getTime()) active.add(row.identityHash as string);
      }
      return active;
    },

    async blocks(offset, limit) {
      const blocks = await rows('full-chain-history');
      const newestFirst = [...blocks].sort((a, b) => Number(b.number ?? 0) - Number(a.number ?? 0));
      return { blocks: newestFirst.slice(offset, offset + limit), total: blocks.length };
    },

    async block(number) {
      const block = (await rows('full-chain-history')).find((candidate) => Number(candidate.number) === number);
      if (!block) return null;
      const transactions = (await rows('persistent-transactions'))
        .filter((transaction) => Number(transaction.blockNumber) === number)
        .sort((a, b) => Number(a.transactionIndex ?? Infinity) - Number(b.transactionIndex ?? Infinity));
      return { block, transactions };
    },

    async transactionByHash(hash) {
      const [chain, log] = await Promise.all([rows('persistent-transactions'), transactionRows()]);
      return { chain: chain.find((row) => row.hash === hash) ?? null, log: log.find((row) => row.txHash === hash) ?? null };
    },

    async addressChainTransactions(address, limit) {
      const lowered = address.toLowerCase();
      const named = (await rows('persistent-transactions')).filter((row) => str(row.from)?.toLowerCase() === lowered || str(row.to)?.toLowerCase() === lowered);
      return named
        .sort((a, b) => Number(b.blockNumber ?? -1) - Number(a.blockNumber ?? -1) || Number(b.transactionIndex ?? -1) - Number(a.transactionIndex ?? -1))
        .slice(0, limit);
    },

    async chainSummary() {
      const blocks = [...(await rows('full-chain-history'))].sort((a, b) => Number(b.number ?? 0) - Number(a.number ?? 0));
      const recent = blocks
        .slice(0, 100)
        .map((block) => Date.parse(str(block.timestamp) ?? ''))
        .filter(Number.isFinite);
      const span = recent.length > 1 ? (recent[0] - recent[recent.length - 1]) / 1000 / (recent.length - 1) : null;
      return {
        blocks: blocks.length,
        latestBlock: blocks[0] ?? null,
        chainTransactions: (await load('persistent-transactions')).length,
        averageBlockSeconds: span === null ? null : Math.round(span * 100) / 100,
      };
    },

    async serverLogs(limit, type) {
      const entries = (await rows('server-logs')).filter((entry) => !type || entry.type === type);
      return entries.slice(-limit).reverse();
    },
  };
  return dataset;
}
