import type { EntityManager } from '@mikro-orm/postgresql';
import { recordHash, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceId } from '@/lib/legacy/sources';
import { legacyAssetListSql } from '@/lib/assets/asset.repository';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { legacyTransactionConditions } from '@/lib/transactions/transaction.repository';
import { findLegacyUserKeys } from '@/lib/users/user.repository';
import { listUsersInMemory, userRow, userSources } from '../users/user-list';
import { listAssetsInMemory } from '../assets/asset-list';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { decodeRow, selectList, type SourceMapping, type StoredRow } from '@/lib/migration/source-mapping';
import { trimDecimal } from '../decimal';
import type { ChainSummary, ConsentSummary, Dataset, Investments, PoolFlows, TransactionFilter, TransactionSummary, WholeSource } from './dataset';
import { unsealPii } from '@/lib/migration/sealed-pii';

function mappingOf(source: SourceId): SourceMapping {
  return SOURCE_MAPPINGS[source]!;
}

const transactionsLog = () => mappingOf('transactions-log');

/** `WHERE …` for a transaction filter against transaction_log, or nothing. */
function transactionWhere(filter: TransactionFilter): SqlFragment {
  const conditions = legacyTransactionConditions(filter);
  return conditions.length ? sql`WHERE ${sql.and(conditions)}` : sql.raw('');
}

/**
 * The dataset on PostgreSQL: records are rebuilt with the source mappings (`selectList` + `decodeRow`),
 * so bodies carry exactly the legacy shapes; counts and sums are done by the database.
 */
export function pgDataset(em: EntityManager): Dataset {
  async function decoded(mapping: SourceMapping, tail = '', params: unknown[] = []): Promise<Array<{ key: string; position: number; value: JsonValue }>> {
    const rows = await em.execute<StoredRow[]>(`SELECT ${selectList(mapping)} FROM ${mapping.table} ${tail}`, params);
    return rows.map((row) => ({ key: row.legacy_key, position: Number(row.legacy_position), value: decodeRow(mapping, row) }));
  }

  async function wholeSource(source: WholeSource, key?: string): Promise<LegacyRecord[]> {
    const mapping = mappingOf(source);
    const rows = await decoded(mapping, key === undefined ? '' : 'WHERE legacy_key = ?', key === undefined ? [] : [key]);
    // Records the migration quarantined are still part of the source: the legacy server would serve them.
    const quarantined = await em.execute<Array<{ legacy_key: string; legacy_position: number; raw_text: string }>>(
      `SELECT legacy_key, legacy_position, raw_text FROM migration_quarantine WHERE legacy_source = ?${key === undefined ? '' : ' AND legacy_key = ?'}`,
      key === undefined ? [source] : [source, key],
    );
    const all = [
      ...rows,
      ...quarantined.map((row) => ({ key: row.legacy_key, position: Number(row.legacy_position), value: unsealPii(JSON.parse(row.raw_text) as JsonValue) })),
    ];
    return all.sort((a, b) => a.position - b.position).map((entry) => ({ ...entry, hash: recordHash(entry.value) }));
  }

  /** `harvest_invest` rows and their amount per identity hash: of the given identities (through the identity index), or of all. */
  async function investmentsOf(identities?: readonly string[]): Promise<Map<string, Investments>> {
    const only = identities ? sql`identity_hash IN (${identities})` : sql.raw('identity_hash IS NOT NULL');
    const query = sql`SELECT identity_hash, count(*) AS n, sum(amount) AS total FROM transaction_log
          WHERE type = 'harvest_invest' AND ${only} GROUP BY identity_hash`;
    const rows = await em.execute<Array<{ identity_hash: string; n: string; total: string | null }>>(query.text, [...query.values]);
    return new Map<string, Investments>(rows.map((row) => [row.identity_hash, { count: Number(row.n), total: trimDecimal(row.total) }]));
  }

  const count = async (table: string) => Number((await em.execute<Array<{ n: string }>>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  const dataset: Dataset = {
    databaseConnected: true,
    records: (source) => wholeSource(source),
    record: async (source, key) => (await wholeSource(source, key))[0] ?? null,

    async assetPage(query) {
      // Quarantined records are part of the source but not of the table: with any, the list is computed over every record.
      const [{ quarantined }] = await em.execute<Array<{ quarantined: boolean }>>(
        `SELECT EXISTS (SELECT 1 FROM migration_quarantine WHERE legacy_source = 'admin-opportunities') AS quarantined`,
      );
      if (quarantined) return listAssetsInMemory(await wholeSource('admin-opportunities'), query);
      const mapping = mappingOf('admin-opportunities');
      const { where, orderBy } = legacyAssetListSql(query);
      const condition = sql.and(where);
      const page = sql`WHERE ${condition} ORDER BY ${orderBy} LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`;
      const counted = sql`SELECT count(*)::int AS n FROM assets WHERE ${condition}`;
      const [rows, [{ n }]] = await Promise.all([
        decoded(mapping, page.text, [...page.values]),
        em.execute<Array<{ n: number }>>(counted.text, [...counted.values]),
      ]);
      return { records: rows.map((row) => row.value), total: n };
    },

    async userPage(query) {
      // Quarantined registry or identity-map records, or directory entries whose identity or creation time
      // only `extra` holds, are seen by the in-memory list alone: with any, the list is computed over every record.
      const [{ inMemory }] = await em.execute<Array<{ inMemory: boolean }>>(
        `SELECT EXISTS (SELECT 1 FROM migration_quarantine WHERE legacy_source IN ('wallet-db', 'identity-map'))
             OR EXISTS (SELECT 1 FROM wallet_directory WHERE identity_hash IS NULL AND (extra -> 'identityHash') IS NOT NULL)
             OR EXISTS (SELECT 1 FROM wallet_directory WHERE created_at IS NULL AND (extra -> 'createdAt') IS NOT NULL) AS "inMemory"`,
      );
      if (inMemory) {
        const [users, identities, wallets, investments] = await Promise.all([
          wholeSource('wallet-db'),
          wholeSource('identity-map'),
          dataset.wallets(),
          investmentsOf(),
        ]);
        return listUsersInMemory(userSources(users, identities, wallets, investments), query);
      }
      const { keys, total } = await findLegacyUserKeys(em, query, query);
      if (keys.length === 0) return { users: [], total };
      const [users, identities, wallets, investments] = await Promise.all([
        decoded(mappingOf('wallet-db'), 'WHERE legacy_key IN (?) ORDER BY legacy_position', [keys]),
        decoded(mappingOf('identity-map'), 'WHERE legacy_key IN (?)', [keys]),
        decoded(mappingOf('wallets-directory'), 'WHERE identity_hash IN (?) ORDER BY legacy_position', [keys]),
        investmentsOf(keys),
      ]);
      const page = userSources(
        users,
        identities,
        wallets.map((row) => row.value as JsonObject),
        investments,
      );
      return { users: page.map(userRow), total };
    },

    async liveStats() {
      const [row] = await decoded(mappingOf('live-stats'), 'ORDER BY legacy_position LIMIT 1');
      return (row?.value as JsonObject | undefined) ?? null;
    },

    async wallets(filter = {}) {
      const clauses: string[] = [];
      const params: unknown[] = [];
      if (filter.address) {
        clauses.push('lower(wallet_address) = lower(?)');
        params.push(filter.address);
      }
      if (filter.identityHash) {
        clauses.push('identity_hash = ?');
        params.push(filter.identityHash);
      }
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      return (await decoded(mappingOf('wallets-directory'), `${where} ORDER BY legacy_position`, params)).map((row) => row.value as JsonObject);
    },

    async walletPage({ limit, offset }) {
      const rows = await decoded(mappingOf('wallets-directory'), 'ORDER BY legacy_position LIMIT ? OFFSET ?', [limit, offset]);
      const wallets = rows.map((row) => row.value as JsonObject);
      const identities = [...new Set(wallets.flatMap((wallet) => (typeof wallet.identityHash === 'string' ? [wallet.identityHash] : [])))];
      // Counted for the page's identities only, through the (identity_hash, occurred_at, id) index.
      const counted = identities.length
        ? await em.execute<Array<{ identity_hash: string; n: number }>>(
            'SELECT identity_hash, count(*)::int AS n FROM transaction_log WHERE identity_hash IN (?) GROUP BY identity_hash',
            [identities],
          )
        : [];
      return { wallets, counts: new Map(counted.map((row) => [row.identity_hash, row.n])), total: await count('wallet_directory') };
    },

    walletCount: () => count('wallet_directory'),
    userCount: () => count('users'),

    async transactionCounts() {
      const rows = await em.execute<Array<{ identity_hash: string; n: string }>>(
        `SELECT identity_hash, count(*) AS n FROM transaction_log WHERE identity_hash IS NOT NULL GROUP BY identity_hash`,
      );
      return new Map(rows.map((row) => [row.identity_hash, Number(row.n)]));
    },

    async transactions(filter, limit) {
      const tail = sql`${transactionWhere(filter)} ORDER BY legacy_position LIMIT ${limit}`;
      return (await decoded(transactionsLog(), tail.text, [...tail.values])).map((row) => row.value as JsonObject);
    },

    async transactionSummary(filter, now): Promise<TransactionSummary> {
      const summary = sql`SELECT count(*) AS total,
                count(*) FILTER (WHERE occurred_at > ${now.toISOString()}::timestamptz - interval '24 hours') AS day,
                count(*) FILTER (WHERE occurred_at > ${now.toISOString()}::timestamptz - interval '7 days') AS week,
                array_agg(DISTINCT type) FILTER (WHERE type IS NOT NULL) AS types
           FROM transaction_log ${transactionWhere(filter)}`;
      const [row] = await em.execute<Array<{ total: string; day: string; week: string; types: string[] | null }>>(summary.text, [...summary.values]);
      // Sorted here, not by the database collation, so both datasets list types in the same order.
      return { total: Number(row.total), last24h: Number(row.day), lastWeek: Number(row.week), types: (row.types ?? []).sort() };
    },

    async consentSummary(): Promise<ConsentSummary> {
      const [totals] = await em.execute<Array<{ total: string; average: string | null; biometric: string; geo: string }>>(
        `SELECT count(*) AS total, avg(consent_tier) AS average,
                count(*) FILTER (WHERE biometric_used) AS biometric,
                count(*) FILTER (WHERE consent_tier = 5 OR consent_level = 'geo-verified') AS geo
           FROM transaction_log WHERE type = 'consent_signature'`,
      );
      const tiers = await em.execute<Array<{ tier: number; n: string }>>(
        `SELECT consent_tier AS tier, count(*) AS n FROM transaction_log
          WHERE type = 'consent_signature' AND consent_tier IS NOT NULL GROUP BY consent_tier ORDER BY consent_tier`,
      );
      const actions = await em.execute<Array<{ action: string; n: string }>>(
        `SELECT action, count(*) AS n FROM transaction_log
          WHERE type = 'consent_signature' AND action IS NOT NULL GROUP BY action ORDER BY count(*) DESC, action`,
      );
      return {
        total: Number(totals.total),
        tierDistribution: Object.fromEntries(tiers.map((row) => [String(row.tier), Number(row.n)])),
        actionDistribution: Object.fromEntries(actions.map((row) => [row.action, Number(row.n)])),
        averageTier: totals.average === null ? 0 : Math.round(Number(totals.average) * 10) / 10,
        biometricUsage: Number(totals.biometric),
        geoVerified: Number(totals.geo),
      };
    },

    async poolFlows(): Promise<PoolFlows> {
      const [row] = await em.execute<Array<Record<'invested' | 'redeemed' | 'profit' | 'investments' | 'redemptions' | 'investors', string | null>>>(
        `SELECT sum(amount) FILTER (WHERE type = 'harvest_invest') AS invested,
                sum(amount) FILTER (WHERE type = 'harvest_redeem') AS redeemed,
                sum(amount) FILTER (WHERE type = 'pool_profit') AS profit,
                count(*) FILTER (WHERE type = 'harvest_invest') AS investments,
                count(*) FILTER (WHERE type = 'harvest_redeem') AS redemptions,
                count(DISTINCT identity_hash) FILTER (WHERE type = 'harvest_invest') AS investors
           FROM transaction_log WHERE type IN ('harvest_invest', 'harvest_redeem', 'pool_profit')`,
      );
      return {
        invested: trimDecimal(row.invested),
        redeemed: trimDecimal(row.redeemed),
        profit: trimDecimal(row.profit),
        investments: Number(row.investments),
        redemptions: Number(row.redemptions),
        investors: Number(row.investors),
      };
    },

    investments: () => investmentsOf(),

    async activeIdentities(since) {
      const rows = await em.execute<Array<{ identity_hash: string }>>(
        `SELECT DISTINCT identity_hash FROM transaction_log WHERE occurred_at > ? AND identity_hash IS NOT NULL`,
        [since.toISOString()],
      );
      return new Set(rows.map((row) => row.identity_hash));
    },

    async blocks(offset, limit) {
      // Qualified: the select list re-exposes block_number as text, and ORDER BY would sort that alias.
      const rows = await decoded(mappingOf('full-chain-history'), 'ORDER BY chain_blocks.block_number DESC NULLS LAST, legacy_position DESC LIMIT ? OFFSET ?', [
        limit,
        offset,
      ]);
      return { blocks: rows.map((row) => row.value as JsonObject), total: await count('chain_blocks') };
    },

    async block(number) {
      // Qualified columns: the select list re-exposes them as text under the same names.
      const [block] = await decoded(mappingOf('full-chain-history'), 'WHERE chain_blocks.block_number = ? ORDER BY legacy_position LIMIT 1', [number]);
      if (!block) return null;
      const transactions = await decoded(
        mappingOf('persistent-transactions'),
        'WHERE chain_transactions.block_number = ? ORDER BY chain_transactions.transaction_index NULLS LAST, legacy_position',
        [number],
      );
      return { block: block.value as JsonObject, transactions: transactions.map((row) => row.value as JsonObject) };
    },

    async transactionByHash(hash) {
      const [[chain], [log]] = await Promise.all([
        decoded(mappingOf('persistent-transactions'), 'WHERE chain_transactions.tx_hash = ? ORDER BY legacy_position LIMIT 1', [hash]),
        decoded(transactionsLog(), 'WHERE transaction_log.tx_hash = ? ORDER BY legacy_position LIMIT 1', [hash]),
      ]);
      return { chain: (chain?.value as JsonObject | undefined) ?? null, log: (log?.value as JsonObject | undefined) ?? null };
    },

    async addressChainTransactions(address, limit) {
      // Both sides through their lower() indexes (a bitmap OR), newest first.
      const lowered = address.toLowerCase();
      const rows = await decoded(
        mappingOf('persistent-transactions'),
        `WHERE lower(chain_transactions.from_address) = ? OR lower(chain_transactions.to_address) = ?
         ORDER BY chain_transactions.block_number DESC NULLS LAST, chain_transactions.transaction_index DESC NULLS LAST, legacy_position DESC LIMIT ?`,
        [lowered, lowered, limit],
      );
      return rows.map((row) => row.value as JsonObject);
    },

    async chainSummary(): Promise<ChainSummary> {
      const [latest] = await decoded(mappingOf('full-chain-history'), 'ORDER BY chain_blocks.block_number DESC NULLS LAST LIMIT 1');
      const [row] = await em.execute<Array<{ blocks: string; transactions: string; seconds: string | null }>>(
        `SELECT (SELECT count(*) FROM chain_blocks) AS blocks,
                (SELECT count(*) FROM chain_transactions) AS transactions,
                (SELECT extract(epoch FROM max(mined_at) - min(mined_at)) / nullif(count(*) - 1, 0)
                   FROM (SELECT mined_at FROM chain_blocks WHERE mined_at IS NOT NULL ORDER BY block_number DESC LIMIT 100) recent) AS seconds`,
      );
      return {
        blocks: Number(row.blocks),
        latestBlock: (latest?.value as JsonObject | undefined) ?? null,
        chainTransactions: Number(row.transactions),
        averageBlockSeconds: row.seconds === null ? null : Math.round(Number(row.seconds) * 100) / 100,
      };
    },

    async serverLogs(limit, type) {
      const rows = await decoded(
        mappingOf('server-logs'),
        `${type ? 'WHERE type = ?' : ''} ORDER BY legacy_position DESC LIMIT ?`,
        type ? [type, limit] : [limit],
      );
      return rows.map((row) => row.value as JsonObject);
    },
  };
  return dataset;
}
