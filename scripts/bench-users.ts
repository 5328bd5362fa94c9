// npm run bench:users [-- --users 10000 --txs 200000 --seed 7 --iterations 200 --reuse] – users directory lookups, searches, filtered pages and analytics, p50/p95
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { legacyGenerator } from '@/lib/legacy/testing/generator-path';
import { runImport } from '@/lib/migration/run-import';
import { migrateToLatest } from '@/lib/schema-migrations';
import { findUserAnalytics } from '@/lib/users/user-analytics';
import { findUserDirectoryRow, findUserPage } from '@/lib/users/user.repository';
import { listUserQuerySchema } from '@/lib/users/user.schemas';
import { loadEnvOrExit } from './lib/runtime';
import { percentile, timeRuns } from './lib/timing';

type Scenario = { name: string; targetMs: number; run: (em: EntityManager, i: number) => Promise<unknown> };

const FILTERED_PAGES: Array<Record<string, string>> = [
  { tier: '3', sort: 'invested.desc' },
  { kyc: 'pending_review', sort: 'registered.desc' },
  { activity: 'invested', sort: 'lastActivity.desc' },
  { status: 'not_registered' },
  { registered: '2024-06-01..2024-12-31', sort: 'transactions.desc' },
  { invested: '10000..', sort: 'wallet.asc' },
];
const ANALYTICS: Array<Record<string, string>> = [{}, { tier: '2' }, { kyc: 'verified' }, { activity: 'invested' }, { registered: '2025-01-01..' }];

/** A legacy-gen folder with the asked users and log size (other sources at the large scale's size), generated once into .data/bench/. */
function benchFolder(users: string, txs: string, seed: string): string {
  const dir = path.resolve('.data', 'bench', `legacy-users${users}-txs${txs}-seed${seed}`);
  if (!existsSync(path.join(dir, 'wallet-db.json'))) {
    mkdirSync(path.dirname(dir), { recursive: true });
    console.log(`Generating legacy-gen large with ${users} users and ${txs} log rows (seed ${seed}) into ${dir}…`);
    execFileSync(process.execPath, [legacyGenerator(), '--out', dir, '--scale', 'large', '--users', users, '--txs', txs, '--seed', seed, '--force'], {
      stdio: 'inherit',
    });
  }
  return dir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '10000' },
      txs: { type: 'string', default: '200000' },
      seed: { type: 'string', default: '7' },
      iterations: { type: 'string', default: '200' },
      // Keep the database of the previous run instead of importing again.
      reuse: { type: 'boolean', default: false },
    },
  });
  const config = loadEnvOrExit();
  const dataDir = benchFolder(values.users!, values.txs!, values.seed!);
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('bench-users'),
    embeddedPort: config.EMBEDDED_PG_PORT + 6,
  });
  const name = checkoutDatabaseName('pend_admin_bench_users');
  const url = values.reuse ? Object.assign(new URL(server.url), { pathname: `/${name}` }).toString() : await recreateDatabase(server.url, name);
  let orm: MikroORM | undefined;
  try {
    if (!values.reuse) {
      await migrateToLatest(url);
      const owner = await MikroORM.init(createOrmConfig({ clientUrl: url, asOwner: true }));
      try {
        console.log(`Importing ${dataDir}…`);
        const started = performance.now();
        await runImport(owner.em.fork(), {
          sourceDir: dataDir,
          backupDir: path.join(os.tmpdir(), 'pend-bench-users-backups'),
          storageDir: path.join(os.tmpdir(), 'pend-bench-users-kyc-storage'),
          context: { source: 'cli', actorLabel: 'bench' },
        });
        console.log(
          `Imported in ${((performance.now() - started) / 1000).toFixed(1)} s (the directory rows are built by the sources' triggers during the import)`,
        );
        await owner.em.fork().execute('ANALYZE');
      } finally {
        await owner.close(true);
      }
    }
    orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
    const em = orm.em.fork();
    const [counts] = await em.execute<Array<{ identities: number; transactions: number }>>(
      `SELECT (SELECT count(*) FROM identities)::int AS identities, (SELECT count(*) FROM transaction_log)::int AS transactions`,
    );
    const ids = (await em.execute<Array<{ id: string }>>(`SELECT id FROM identities ORDER BY identity_hash LIMIT 200`)).map((row) => row.id);
    const wallets = JSON.parse(readFileSync(path.join(dataDir, 'explorer-data', 'wallets-directory.json'), 'utf8')) as {
      wallets: Array<Record<string, unknown>>;
    };
    const phones = wallets.wallets.flatMap((entry) => (typeof entry.fullPhoneNumber === 'string' ? [entry.fullPhoneNumber] : [])).slice(0, 200);
    const addresses = wallets.wallets.flatMap((entry) => (typeof entry.walletAddress === 'string' ? [entry.walletAddress] : [])).slice(0, 200);
    const page = (params: Record<string, string>) => (scoped: EntityManager) => findUserPage(scoped, listUserQuerySchema.parse(params));
    const pick = <T>(list: readonly T[], i: number) => list[i % list.length];

    const scenarios: Scenario[] = [
      { name: 'lookup by id', targetMs: 50, run: (scoped, i) => findUserDirectoryRow(scoped, pick(ids, i)) },
      { name: 'lookup by full phone', targetMs: 50, run: (scoped, i) => page({ q: pick(phones, i) })(scoped) },
      { name: 'search: last 4 digits', targetMs: 200, run: (scoped, i) => page({ q: pick(phones, i).slice(-4) })(scoped) },
      { name: 'search: wallet part', targetMs: 200, run: (scoped, i) => page({ q: pick(addresses, i).slice(10, 22).toLowerCase() })(scoped) },
      { name: 'search: phone prefix', targetMs: 200, run: (scoped, i) => page({ q: pick(phones, i).slice(0, 5) })(scoped) },
      { name: 'search: hash prefix', targetMs: 200, run: (scoped, i) => page({ q: `0x${(i % 4096).toString(16).padStart(3, '0')}` })(scoped) },
      { name: 'unfiltered page', targetMs: 200, run: (scoped) => page({})(scoped) },
      { name: 'filtered page', targetMs: 200, run: (scoped, i) => page(pick(FILTERED_PAGES, i))(scoped) },
      { name: 'analytics', targetMs: 500, run: (scoped, i) => findUserAnalytics(scoped, listUserQuerySchema.parse(pick(ANALYTICS, i))) },
    ];

    const iterations = Number(values.iterations);
    console.log(
      `\n${counts.identities.toLocaleString('en-US')} identities, ${counts.transactions.toLocaleString('en-US')} transaction-log rows; ${iterations} runs per query, sequential`,
    );
    console.log('query                        p50          p95          target p95');
    let failed = false;
    for (const scenario of scenarios) {
      const times = await timeRuns(iterations, (i) => scenario.run(orm!.em.fork(), i));
      const [p50, p95] = [percentile(times, 0.5), percentile(times, 0.95)];
      const ok = p95 < scenario.targetMs;
      failed ||= !ok;
      const cell = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
      console.log(`${scenario.name.padEnd(26)}${cell(p50)}   ${cell(p95)}   < ${scenario.targetMs} ms ${ok ? 'ok' : 'ABOVE TARGET'}`);
    }
    if (failed) process.exitCode = 1;
  } finally {
    await orm?.close(true);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
