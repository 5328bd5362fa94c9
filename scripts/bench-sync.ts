// npm run bench:sync [-- --scale small --ops 200] – parallel run: legacy-server writes → zero drift, with lag percentiles
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { checkDrift } from '@/lib/migration/check-drift';
import { legacyGenerator } from '@/lib/legacy/testing/generator-path';
import { runImport } from '@/lib/migration/run-import';
import { startSyncWorker } from '@/lib/migration/sync-worker';
import { migrateToLatest } from '@/lib/schema-migrations';
import { loadEnvOrExit } from './lib/runtime';
import { percentile } from './lib/timing';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: 'small' }, ops: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' } },
  });
  const config = loadEnvOrExit();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-bench-sync-'));
  const dir = path.join(root, 'legacy');
  execFileSync(process.execPath, [legacyGenerator(), '--out', dir, '--scale', values.scale!, '--seed', '3'], { stdio: 'ignore' });
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('bench-sync'),
    embeddedPort: config.EMBEDDED_PG_PORT + 4,
  });
  const url = await recreateDatabase(server.url, 'pend_admin_bench_sync');
  await migrateToLatest(url);
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  const storageDir = path.join(root, 'kyc');
  await runImport(orm.em.fork(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir, context: { source: 'cli', actorLabel: 'bench' } });
  const worker = startSyncWorker({ orm, sourceDir: dir, storageDir, name: 'bench-worker', pollMs: 250, driftEveryMs: 60_000 });
  await worker.runOnce();
  try {
    const convergence: number[] = [];
    for (let round = 1; round <= Number(values.rounds); round += 1) {
      const since = new Date();
      const started = performance.now();
      execFileSync(process.execPath, [legacyGenerator(), 'mutate', '--dir', dir, '--seed', String(100 + round), '--ops', values.ops!], { stdio: 'ignore' });
      for (;;) {
        const drift = await checkDrift(orm.em.fork(), { sourceDir: dir });
        if (drift.every((source) => source.driftCount === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      convergence.push(performance.now() - started);
      const lags = (
        await orm.em.fork().execute<Array<{ lag_ms: number }>>(`SELECT lag_ms FROM sync_events WHERE committed_at >= ? AND lag_ms IS NOT NULL`, [since])
      ).map((row) => row.lag_ms);
      console.log(
        `round ${round}: ${values.ops} ops → zero drift in ${(convergence.at(-1)! / 1000).toFixed(2)} s; lag p50 ${percentile(lags, 0.5)} ms, p95 ${percentile(lags, 0.95)} ms, max ${Math.max(...lags)} ms over ${lags.length} source syncs`,
      );
    }
    console.log(
      `\nzero drift after ${values.ops} writes: p50 ${(percentile(convergence, 0.5) / 1000).toFixed(2)} s, max ${(Math.max(...convergence) / 1000).toFixed(2)} s (target: under 10 s)`,
    );
  } finally {
    await worker.stop();
    await orm.close(true);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
