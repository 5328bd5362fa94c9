// npm run bench:explorer [-- --scale large --seed 7 --chain-transactions 1000000 --iterations 200 --reuse] – explorer query timings beside the same SQL run bare through pg
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { defaultRange, findRealTimeStats, findTrend } from '@/lib/analytics/analytics.repository';
import { refreshAggregates } from '@/lib/analytics/analytics.service';
import { chainBlockListQueries, findChainBlockPage } from '@/lib/chain/chain.repository';
import { listChainBlockQuerySchema } from '@/lib/chain/chain.schemas';
import { explorerTransactionPageQuery, findExplorerTransactionPage } from '@/lib/explorer/explorer-transactions.repository';
import { findExplorerOverview, findTransactionByHash } from '@/lib/explorer/explorer.repository';
import { listExplorerTransactionQuerySchema } from '@/lib/explorer/explorer.schemas';
import { insertGeneratedChainTransactions } from '@/lib/explorer/generate-chain-transactions';
import { keysetPageQuery } from '@/lib/list-query/keyset';
import { sql, toPgQuery, type SqlFragment } from '@/lib/list-query/sql';
import { tableRowsEstimate } from '@/lib/list-query/total';
import { benchLegacyFolder } from './lib/bench-folder';
import { importBenchFolder, openBenchDatabase } from './lib/bench-database';
import { percentile, timeRuns } from './lib/timing';

/**
 * One measured query: the explorer's call (repository through the EntityManager) and bare SQL that
 * answers the same question, run through pg; `bare` is null where the call is several statements
 * (the trend), so only the call is timed.
 */
type Scenario = { name: string; targetMs: number; layer: (em: EntityManager, i: number) => Promise<unknown>; bare: ((i: number) => SqlFragment[]) | null };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'large' },
      seed: { type: 'string', default: '7' },
      'chain-transactions': { type: 'string', default: '1000000' },
      iterations: { type: 'string', default: '200' },
      // Keep the database of the previous run instead of importing again.
      reuse: { type: 'boolean', default: false },
    },
  });
  const dataDir = benchLegacyFolder(values.scale!, values.seed!);
  const database = await openBenchDatabase('explorer', { reuse: values.reuse!, portOffset: 6 });
  const { url } = database;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  let orm: MikroORM | undefined;
  try {
    if (!values.reuse) {
      await importBenchFolder(url, dataDir, 'explorer', async (em) => {
        console.log(`Topping chain transactions up to ${values['chain-transactions']}…`);
        await insertGeneratedChainTransactions(em, Number(values['chain-transactions']));
        await em.execute('ANALYZE');
      });
    }
    orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
    const em = orm.em.fork();
    const hashes = (await em.execute<Array<{ tx_hash: string }>>(`SELECT tx_hash FROM chain_transactions TABLESAMPLE SYSTEM (1) LIMIT 200`)).map(
      (row) => row.tx_hash,
    );
    const addresses = (
      await em.execute<Array<{ address: string }>>(`SELECT lower(wallet_address) AS address FROM wallet_directory ORDER BY legacy_position LIMIT 50`)
    ).map((row) => row.address);
    // The aggregates as the 5-minute job leaves them (decision 070).
    await refreshAggregates(em);
    const trendRange = { ...(await defaultRange(em)), granularity: 'day' as const };
    const latestBlocks = listChainBlockQuerySchema.parse({});
    const addressPage = (i: number) => listExplorerTransactionQuerySchema.parse({ address: addresses[i % addresses.length], pageSize: '25' });

    const scenarios: Scenario[] = [
      {
        name: 'latest blocks page',
        targetMs: 50,
        layer: (scoped) => findChainBlockPage(scoped, latestBlocks),
        bare: () => [keysetPageQuery(chainBlockListQueries(latestBlocks).page), tableRowsEstimate('chain_blocks')],
      },
      {
        name: 'transaction by hash',
        targetMs: 50,
        layer: (scoped, i) => findTransactionByHash(scoped, hashes[i % hashes.length], { showIdentity: false }),
        bare: (i) => [
          sql`SELECT * FROM chain_transactions WHERE tx_hash = ${hashes[i % hashes.length]}`,
          sql`SELECT * FROM transaction_log WHERE tx_hash = ${hashes[i % hashes.length]}`,
        ],
      },
      {
        name: "an address's transactions",
        targetMs: 50,
        layer: (scoped, i) => findExplorerTransactionPage(scoped, addressPage(i), { showIdentity: false }),
        bare: (i) => [explorerTransactionPageQuery(addressPage(i))],
      },
      { name: 'explorer 90-day daily trend', targetMs: 500, layer: (scoped) => findExplorerOverview(scoped, 90), bare: null },
      {
        name: '90-day trend (aggregates)',
        targetMs: 500,
        layer: (scoped) => findTrend(scoped, trendRange),
        bare: () => [sql`SELECT * FROM analytics_daily WHERE bucket BETWEEN ${trendRange.from}::date AND ${trendRange.to}::date`],
      },
      { name: 'real-time stats', targetMs: 100, layer: (scoped) => findRealTimeStats(scoped), bare: () => [sql`SELECT * FROM real_time_stats WHERE id = 1`] },
    ];

    const iterations = Number(values.iterations);
    const [{ n: txCount }] = await em.execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM chain_transactions');
    console.log(
      `\nlegacy-gen ${values.scale} seed ${values.seed} + generated chain transactions (${txCount.toLocaleString('en-US')}); ${iterations} runs per query, sequential`,
    );
    console.log('query                          layer p50   layer p95   bare pg p50   bare pg p95   target p95');
    let failed = false;
    const cell = (value: number | null) => (value === null ? '—'.padStart(11) : `${value.toFixed(1)} ms`.padStart(11));
    for (const scenario of scenarios) {
      const runs = scenario.targetMs >= 500 ? Math.max(20, Math.floor(iterations / 10)) : iterations;
      const layer = await timeRuns(runs, (i) => scenario.layer(orm!.em.fork(), i));
      const statements = scenario.bare;
      const bare = statements
        ? await timeRuns(runs, async (i) => {
            for (const statement of statements(i)) {
              const query = toPgQuery(statement);
              await pool.query(query.text, query.values);
            }
          })
        : null;
      const ok = percentile(layer, 0.95) < scenario.targetMs;
      failed ||= !ok;
      console.log(
        `${scenario.name.padEnd(29)}${cell(percentile(layer, 0.5))} ${cell(percentile(layer, 0.95))}   ${cell(bare && percentile(bare, 0.5))}   ${cell(bare && percentile(bare, 0.95))}   < ${scenario.targetMs} ms ${ok ? 'ok' : 'ABOVE TARGET'}`,
      );
    }
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
