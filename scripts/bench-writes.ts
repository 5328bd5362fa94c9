// npm run bench:writes [-- --assets 100000 --rounds 10] – row-level asset writes in both storage modes: a one-row edit and a 1,000-row bulk status change, p50/p95
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { bulkUpdateAssetStatus, updateAsset } from '@/lib/assets/asset.service';
import { generatedAssetId, generatedOpportunity, writeGeneratedOpportunities } from '@/lib/assets/testing/generated-assets';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { runImport } from '@/lib/migration/run-import';
import { migrateToLatest } from '@/lib/schema-migrations';
import { drainOutbox } from '@/lib/storage/storage-outbox';
import { loadEnvOrExit } from './lib/runtime';

const BULK_ROWS = 1_000;
const context = { source: 'cli' as const, actorLabel: 'bench:writes' };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const summary = (label: string, timings: number[]) =>
  `${label.padEnd(34)} p50 ${percentile(timings, 50).toFixed(0).padStart(6)} ms   p95 ${percentile(timings, 95).toFixed(0).padStart(6)} ms   (${timings.length} runs)`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { assets: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '10' } } });
  const assets = Number(values.assets);
  const rounds = Number(values.rounds);
  const config = loadEnvOrExit();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-bench-writes-'));
  const sourceDir = path.join(root, 'legacy');
  writeGeneratedOpportunities(sourceDir, assets);
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('bench-writes'),
    embeddedPort: config.EMBEDDED_PG_PORT + 5,
  });
  const url = await recreateDatabase(server.url, checkoutDatabaseName('pend_admin_bench_writes'));
  await migrateToLatest(url);
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  try {
    await runImport(orm.em.fork(), {
      sourceDir,
      backupDir: path.join(root, 'backups'),
      storageDir: path.join(root, 'kyc'),
      context,
      only: ['admin-opportunities'],
    });
    console.log(`${assets} assets imported; ${rounds} rounds per measurement\n`);
    for (const mode of ['pg-primary', 'json-primary'] as const) {
      await orm.em.execute(`INSERT INTO app_settings (key, value) VALUES ('storage_mode', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
        JSON.stringify(mode),
      ]);
      const edits: number[] = [];
      const bulks: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const id = generatedAssetId(round);
        const title = `Renamed in ${mode} round ${round}`;
        let started = performance.now();
        const loadedTitle = mode === 'pg-primary' ? generatedOpportunity(round).title : `Renamed in pg-primary round ${round}`;
        await updateAsset(orm.em.fork(), { id, changes: { title }, original: { title: loadedTitle } }, { context, sourceDir });
        edits.push(performance.now() - started);
        // A different slice of 1,000 assets each round; pg-primary pauses them and json-primary reactivates them, so every row changes.
        const first = (round * BULK_ROWS) % Math.max(1, assets - BULK_ROWS);
        const ids = Array.from({ length: BULK_ROWS }, (_, index) => generatedAssetId(first + index));
        started = performance.now();
        const report = await bulkUpdateAssetStatus(orm.em.fork(), { ids, status: mode === 'pg-primary' ? 'paused' : 'active' }, { context, sourceDir });
        bulks.push(performance.now() - started);
        if (report.applied !== BULK_ROWS) throw new Error(`bulk round ${round}: ${report.applied} of ${BULK_ROWS} rows applied`);
      }
      // The mirror is the worker's job, outside the write; drained here so json-primary starts from equal sides.
      await drainOutbox(orm.em.fork(), { sourceDir });
      console.log(summary(`${mode}: edit one asset`, edits));
      console.log(summary(`${mode}: ${BULK_ROWS}-row bulk status`, bulks));
    }
    console.log('\ntarget: 1,000-row bulk < 5 s in both storage modes (json-primary includes the file write and the sync of the whole source)');
  } finally {
    await orm.close(true);
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
