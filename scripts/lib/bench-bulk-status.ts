import type { MikroORM } from '@mikro-orm/postgresql';
import { bulkUpdateAssetStatus } from '@/lib/assets/asset.service';

const BULK_ROWS = 1_000;
const context = { source: 'cli' as const, actorLabel: 'bench:queries' };

/**
 * Times the 1,000-row bulk status change through the asset service in pg-primary (json-primary needs a
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
        await em.execute<Array<{ legacy_key: string }>>(`SELECT legacy_key FROM assets WHERE status = 'active' ORDER BY legacy_key LIMIT ${BULK_ROWS}`)
      ).map((row) => row.legacy_key);
      if (ids.length < BULK_ROWS) throw new Error(`only ${ids.length} active assets; the bulk needs ${BULK_ROWS}`);
      const start = performance.now();
      const paused = await bulkUpdateAssetStatus(orm.em.fork(), { ids, status: 'paused' }, { context });
      times.push(performance.now() - start);
      const restored = await bulkUpdateAssetStatus(orm.em.fork(), { ids, status: 'active' }, { context });
      if (paused.applied !== BULK_ROWS || restored.applied !== BULK_ROWS)
        throw new Error(`bulk applied ${paused.applied} and ${restored.applied} of ${BULK_ROWS} rows`);
    }
  } finally {
    await em.execute(`DELETE FROM app_settings WHERE key = 'storage_mode'`);
  }
  return times.sort((a, b) => a - b);
}
