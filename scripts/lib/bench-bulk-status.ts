import type { MikroORM } from '@mikro-orm/postgresql';
import { applyBulkAssetChange, previewBulkAssetChange } from '@/lib/assets/bulk-asset-change';
import type { BulkAssetOperation } from '@/lib/assets/bulk-asset-change.schemas';

const BULK_ROWS = 1_000;
const context = { source: 'cli' as const, actorLabel: 'bench:queries' };

/** The bulk dialog's two steps: preview the ticked assets, then apply the change to the ids the preview resolved. */
async function previewThenApply(orm: MikroORM, ids: string[], change: BulkAssetOperation): Promise<number> {
  const preview = await previewBulkAssetChange(orm.em.fork(), { scope: { kind: 'rows', ids }, change });
  const report = await applyBulkAssetChange(orm.em.fork(), { ids: preview.ids, change }, { context });
  return report.totals.applied;
}

/**
 * Times the 1,000-row bulk status change (preview, then apply) through the asset service in pg-primary (json-primary needs a
 * legacy file to write: `npm run bench:writes` measures both modes). Each round pauses 1,000 active
 * assets and then, untimed, makes them active again, and the storage mode setting is removed afterwards,
 * so a `--reuse` run starts from the same data.
 */
export async function benchBulkStatus(orm: MikroORM, rounds: number): Promise<number[]> {
  const em = orm.em.fork();
  await em.execute(
    `INSERT INTO app_settings (key, value) VALUES ('storage_mode', '"pg-primary"'::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
  );
  const times: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const ids = (
        await em.execute<Array<{ id: string }>>(
          `SELECT legacy_key AS id FROM assets WHERE status = 'active' AND extra -> 'archivedAt' IS NULL ORDER BY legacy_key LIMIT ${BULK_ROWS}`,
        )
      ).map((row) => row.id);
      if (ids.length < BULK_ROWS) throw new Error(`only ${ids.length} active assets; the bulk needs ${BULK_ROWS}`);
      const start = performance.now();
      const paused = await previewThenApply(orm, ids, { operation: 'status', status: 'paused' });
      times.push(performance.now() - start);
      const restored = await previewThenApply(orm, ids, { operation: 'status', status: 'active' });
      if (paused !== BULK_ROWS || restored !== BULK_ROWS) throw new Error(`bulk applied ${paused} and ${restored} of ${BULK_ROWS} rows`);
    }
  } finally {
    await em.execute(`DELETE FROM app_settings WHERE key = 'storage_mode'`);
  }
  return times.sort((a, b) => a - b);
}
