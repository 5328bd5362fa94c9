// npm run bench:writes [-- --file-assets 1000 --assets 100000 --rounds 10 --modes json-primary,pg-primary] – row-level asset writes in each storage mode: a one-row edit and a 1,000-row bulk status change (preview, then apply), p50/p95
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { updateAsset } from '@/lib/assets/asset.service';
import { applyBulkAssetChange, previewBulkAssetChange } from '@/lib/assets/bulk-asset-change';
import type { BulkAssetOperation, BulkAssetScope } from '@/lib/assets/bulk-asset-change.schemas';
import { insertGeneratedAssets } from '@/lib/assets/generate-assets';
import { generatedAssetId, writeGeneratedOpportunities } from '@/lib/assets/testing/generated-assets';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { runImport } from '@/lib/migration/run-import';
import { migrateToLatest } from '@/lib/schema-migrations';
import { loadEnvOrExit } from './lib/runtime';
import { percentile } from './lib/timing';

const BULK_ROWS = 1_000;
const context = { source: 'cli' as const, actorLabel: 'bench:writes' };

const summary = (label: string, timings: number[]) =>
  `${label.padEnd(34)} p50 ${percentile(timings, 0.5).toFixed(0).padStart(6)} ms   p95 ${percentile(timings, 0.95).toFixed(0).padStart(6)} ms   (${timings.length} runs)`;

async function setMode(em: EntityManager, mode: 'json-primary' | 'pg-primary') {
  await em.execute(`INSERT INTO app_settings (key, value) VALUES ('storage_mode', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
    JSON.stringify(mode),
  ]);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * json-primary runs on a legacy file of `--file-assets` opportunities (legacy-gen large holds 1,000): the
 * file is the truth there, so every write patches it and the sync applies the changed records. pg-primary
 * runs after the table is topped up to `--assets` rows, as bench:queries does.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'file-assets': { type: 'string', default: '1000' },
      assets: { type: 'string', default: '100000' },
      rounds: { type: 'string', default: '10' },
      modes: { type: 'string', default: 'json-primary,pg-primary' },
    },
  });
  const modes = new Set(values.modes.split(','));
  const fileAssets = Number(values['file-assets']);
  const rounds = Number(values.rounds);
  if (fileAssets < BULK_ROWS) throw new Error(`--file-assets must be at least ${BULK_ROWS}`);
  const config = loadEnvOrExit();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-bench-writes-'));
  const sourceDir = path.join(root, 'legacy');
  writeGeneratedOpportunities(sourceDir, fileAssets);
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('bench-writes'),
    embeddedPort: config.EMBEDDED_PG_PORT + 5,
  });
  const url = await recreateDatabase(server.url, checkoutDatabaseName('pend_admin_bench_writes'));
  await migrateToLatest(url);
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  const owner = await MikroORM.init(createOrmConfig({ clientUrl: url, asOwner: true }));
  try {
    await runImport(owner.em.fork(), {
      sourceDir,
      backupDir: path.join(root, 'backups'),
      storageDir: path.join(root, 'kyc'),
      context,
      only: ['admin-opportunities'],
    });

    const jsonEdits: number[] = [];
    const jsonBulks: number[] = [];
    const jsonPreviews: number[] = [];
    if (modes.has('json-primary')) {
      await setMode(orm.em.fork(), 'json-primary');
      for (let round = 0; round < rounds; round += 1) {
        const id = generatedAssetId(round);
        jsonEdits.push(
          await timed(() =>
            updateAsset(orm.em.fork(), { id, changes: { title: `Renamed in round ${round}` }, original: { title: `Asset ${round}` } }, { context, sourceDir }),
          ),
        );
        // 1,000 ticked rows spread over the whole file, alternately paused and resumed, so every one changes every round.
        const ids = Array.from({ length: BULK_ROWS }, (_, index) => generatedAssetId(Math.floor((index * fileAssets) / BULK_ROWS)));
        const status = round % 2 === 0 ? 'paused' : 'active';
        jsonBulks.push(
          await timed(() => previewThenApply(orm.em.fork(), { kind: 'rows', ids }, { operation: 'status', status }, BULK_ROWS, jsonPreviews, sourceDir)),
        );
      }
    }

    const pgEdits: number[] = [];
    const pgBulks: number[] = [];
    const pgPreviews: number[] = [];
    let tableRows = 0;
    if (modes.has('pg-primary')) {
      await setMode(orm.em.fork(), 'pg-primary');
      await insertGeneratedAssets(owner.em.fork(), Number(values.assets));
      await owner.em.fork().execute('ANALYZE assets');
      [{ n: tableRows }] = await orm.em.fork().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM assets');
      for (let round = 0; round < rounds; round += 1) {
        const id = generatedAssetId(round);
        const renamed = `Renamed in round ${round}`;
        const [title, original] = modes.has('json-primary') ? [`Asset ${round}`, renamed] : [renamed, `Asset ${round}`];
        pgEdits.push(await timed(() => updateAsset(orm.em.fork(), { id, changes: { title }, original: { title: original } }, { context })));
        // Ticked rows (legacy ids), closed with a typed reason: the lifecycle allows it from active and paused.
        const ids = (
          await orm.em
            .fork()
            .execute<Array<{ id: string }>>(
              `SELECT legacy_key AS id FROM assets WHERE status IN ('active', 'paused') AND legacy_key LIKE 'generated%' ORDER BY legacy_key LIMIT ${BULK_ROWS}`,
            )
        ).map((row) => row.id);
        pgBulks.push(
          await timed(() =>
            previewThenApply(
              orm.em.fork(),
              { kind: 'rows', ids },
              { operation: 'status', status: 'closed', reason: 'bench: closing round' },
              BULK_ROWS,
              pgPreviews,
            ),
          ),
        );
      }
    }

    console.log(
      `\n${rounds} runs each; json-primary on a legacy file of ${fileAssets.toLocaleString('en-US')} assets, pg-primary on ${tableRows.toLocaleString('en-US')} rows`,
    );
    if (modes.has('json-primary')) {
      console.log(summary('json-primary: edit one asset', jsonEdits));
      console.log(summary(`json-primary: ${BULK_ROWS}-row bulk status`, jsonBulks));
      console.log(summary('  of which the preview', jsonPreviews));
    }
    if (modes.has('pg-primary')) {
      console.log(summary('pg-primary: edit one asset', pgEdits));
      console.log(summary(`pg-primary: ${BULK_ROWS}-row bulk status`, pgBulks));
      console.log(summary('  of which the preview', pgPreviews));
    }
    console.log('target: 1,000-row bulk < 5 s in both storage modes (json-primary includes the file write and the sync of the changed records)');
  } finally {
    await orm.close(true);
    await owner.close(true);
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** What the grid's bulk dialog does: the preview, then the apply of the previewed ids; every row must change. */
async function previewThenApply(
  em: EntityManager,
  scope: BulkAssetScope,
  change: BulkAssetOperation,
  rows: number,
  previews: number[],
  sourceDir?: string,
): Promise<void> {
  const started = performance.now();
  const preview = await previewBulkAssetChange(em, { scope, change });
  previews.push(performance.now() - started);
  if (preview.willChange !== rows) throw new Error(`bulk preview: ${preview.willChange} of ${preview.ids.length} would change, ${rows} expected`);
  const { totals } = await applyBulkAssetChange(em, { ids: preview.ids, change }, { context, sourceDir });
  if (totals.applied !== rows) throw new Error(`bulk: ${totals.applied} applied, ${totals.skipped} skipped, ${totals.failed} failed of ${rows}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
