// npm run bench:queries [-- --scale large --seed 7 --assets 100000 --iterations 200 --bulk-rounds 10 --reuse] – list-query and asset-aggregate timings beside the same SQL run bare through pg
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { assetAggregatesQuery, findAssetAggregates } from '@/lib/assets/asset-aggregates';
import { assetListQueries, findAssetPage } from '@/lib/assets/asset.repository';
import { listAssetQuerySchema } from '@/lib/assets/asset.schemas';
import { insertGeneratedAssets } from '@/lib/assets/generate-assets';
import { keysetPageQuery } from '@/lib/list-query/keyset';
import { sql, toPgQuery, type SqlFragment } from '@/lib/list-query/sql';
import { countCappedQuery, type ListTotalInput } from '@/lib/list-query/total';
import { findTransactionPage, transactionListQueries } from '@/lib/transactions/transaction.repository';
import { listTransactionQuerySchema } from '@/lib/transactions/transaction.schemas';
import { findUserPage, userListQueries } from '@/lib/users/user.repository';
import { listUserQuerySchema } from '@/lib/users/user.schemas';
import { benchBulkStatus } from './lib/bench-bulk-status';
import { benchLegacyFolder } from './lib/bench-folder';
import { importBenchFolder, openBenchDatabase } from './lib/bench-database';
import { percentile, timeRuns } from './lib/timing';

/** One measured query: the layer's call (repository through the EntityManager) and the SQL statements it sends. */
type Scenario = { name: string; targetMs: number; layer: (em: EntityManager, i: number) => Promise<unknown>; statements: (i: number) => SqlFragment[] };

// The total's statements as the layer runs them: a capped count when filtered, the planner's estimate otherwise.
const totalStatements = (total: ListTotalInput): SqlFragment[] =>
  total.filtered
    ? [countCappedQuery(total.from, total.where, total.cap, total.orderBy)]
    : [sql`SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass(${total.table})`];

const BULK_TARGET_MS = 5_000;
const SEARCHES = ['siwa', 'نخيل', 'zafarana solar', 'ذهب', 'cold chain', 'سيو'];
// The figures above the grid: everything, a status, a search, a filter mix, and a preset.
const ASSET_AGGREGATES = [
  {},
  { status: 'active' },
  { q: 'solar' },
  { type: 'investment', hasContract: 'true', invested: '1000..' },
  { status: 'draft', incomplete: 'true' },
];
const ASSET_PAGES = [
  {},
  { status: 'active' },
  { sort: 'totalInvested.desc' },
  { type: 'investment', hasContract: 'true' },
  { sort: 'deadline.asc', minTier: '0,1,2' },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'large' },
      seed: { type: 'string', default: '7' },
      assets: { type: 'string', default: '100000' },
      iterations: { type: 'string', default: '200' },
      'bulk-rounds': { type: 'string', default: '10' },
      // Keep the database of the previous run (same scale, seed and asset count) instead of importing again.
      reuse: { type: 'boolean', default: false },
    },
  });
  const dataDir = benchLegacyFolder(values.scale!, values.seed!);
  const database = await openBenchDatabase('queries', { reuse: values.reuse!, portOffset: 5 });
  const { url } = database;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  let orm: MikroORM | undefined;
  try {
    if (!values.reuse) {
      await importBenchFolder(url, dataDir, 'queries', async (em) => {
        console.log(`Topping assets up to ${values.assets}…`);
        await insertGeneratedAssets(em, Number(values.assets));
        await em.execute('ANALYZE');
      });
    }
    orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
    const em = orm.em.fork();
    const users = await em.execute<Array<{ wallet_address: string }>>(
      `SELECT wallet_address FROM users WHERE wallet_address IS NOT NULL ORDER BY legacy_position LIMIT 50`,
    );
    const identities = await em.execute<Array<{ identity_hash: string }>>(
      `SELECT identity_hash FROM transaction_log WHERE identity_hash IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 50`,
    );
    const assetPage = (i: number) => listAssetQuerySchema.parse(ASSET_PAGES[i % ASSET_PAGES.length]);
    const assetSearch = (i: number) => listAssetQuerySchema.parse({ q: SEARCHES[i % SEARCHES.length] });
    const assetFigures = (i: number) => listAssetQuerySchema.parse(ASSET_AGGREGATES[i % ASSET_AGGREGATES.length]);
    const userLookup = (i: number) => listUserQuerySchema.parse({ q: users[i % users.length].wallet_address.slice(12, 24).toLowerCase() });
    const identityTransactions = (i: number) => listTransactionQuerySchema.parse({ identity: identities[i % identities.length].identity_hash });

    const scenarios: Scenario[] = [
      {
        name: 'asset grid page',
        targetMs: 50,
        layer: (scoped, i) => findAssetPage(scoped, assetPage(i)),
        statements: (i) => {
          const queries = assetListQueries(assetPage(i));
          return [keysetPageQuery(queries.page), ...totalStatements(queries.total)];
        },
      },
      {
        name: 'asset search',
        targetMs: 200,
        layer: (scoped, i) => findAssetPage(scoped, assetSearch(i)),
        statements: (i) => {
          const queries = assetListQueries(assetSearch(i));
          return [keysetPageQuery(queries.page), ...totalStatements(queries.total)];
        },
      },
      {
        name: 'asset aggregates',
        targetMs: 500,
        layer: (scoped, i) => findAssetAggregates(scoped, assetFigures(i)),
        statements: (i) => [assetAggregatesQuery(assetFigures(i))],
      },
      {
        name: 'user lookup by wallet',
        targetMs: 50,
        layer: (scoped, i) => findUserPage(scoped, userLookup(i)),
        statements: (i) => {
          const queries = userListQueries(userLookup(i));
          return [keysetPageQuery(queries.page), ...totalStatements(queries.total)];
        },
      },
      {
        name: 'transactions by identity',
        targetMs: 50,
        layer: (scoped, i) => findTransactionPage(scoped, identityTransactions(i)),
        statements: (i) => {
          const queries = transactionListQueries(identityTransactions(i));
          return [keysetPageQuery(queries.page), ...totalStatements(queries.total)];
        },
      },
    ];

    const iterations = Number(values.iterations);
    const [{ n: assetCount }] = await em.execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM assets');
    console.log(
      `\nlegacy-gen ${values.scale} seed ${values.seed} + generated assets (${assetCount.toLocaleString('en-US')} assets); ${iterations} runs per query, sequential`,
    );
    console.log('query                       layer p50   layer p95   bare pg p50   bare pg p95   ratio p50   ratio p95   target p95');
    let failed = false;
    for (const scenario of scenarios) {
      const layer = await timeRuns(iterations, (i) => scenario.layer(orm!.em.fork(), i));
      const bare = await timeRuns(iterations, async (i) => {
        for (const statement of scenario.statements(i)) {
          const query = toPgQuery(statement);
          await pool.query(query.text, query.values);
        }
      });
      const [lp50, lp95, bp50, bp95] = [percentile(layer, 0.5), percentile(layer, 0.95), percentile(bare, 0.5), percentile(bare, 0.95)];
      const ok = lp95 < scenario.targetMs;
      failed ||= !ok;
      const cell = (value: number) => `${value.toFixed(1)} ms`.padStart(11);
      console.log(
        `${scenario.name.padEnd(26)}${cell(lp50)} ${cell(lp95)}   ${cell(bp50)}   ${cell(bp95)}   ${`${(lp50 / bp50).toFixed(2)}×`.padStart(9)}   ${`${(lp95 / bp95).toFixed(2)}×`.padStart(9)}   < ${scenario.targetMs} ms ${ok ? 'ok' : 'ABOVE TARGET'}`,
      );
    }
    const bulk = await benchBulkStatus(orm, Number(values['bulk-rounds']));
    const bulkOk = percentile(bulk, 0.95) < BULK_TARGET_MS;
    failed ||= !bulkOk;
    const bulkCell = (value: number) => `${value.toFixed(1)} ms`.padStart(11);
    console.log(
      `${'1,000-row bulk status (pg)'.padEnd(26)}${bulkCell(percentile(bulk, 0.5))} ${bulkCell(percentile(bulk, 0.95))}   ${`(the whole write: lock, UPDATE, outbox, audit; ${bulk.length} runs)`.padEnd(60)}< ${BULK_TARGET_MS} ms ${bulkOk ? 'ok' : 'ABOVE TARGET'}`,
    );
    if (failed) process.exitCode = 1;
  } finally {
    await orm?.close(true);
    await pool.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
