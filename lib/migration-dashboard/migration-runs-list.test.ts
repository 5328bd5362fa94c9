import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findRunFacetCounts, findRunPage } from './migration-dashboard.repository';
import { listMigrationRunsQuerySchema } from './migration-dashboard.schemas';

let orm: MikroORM;
// A starter of this file's own: the search narrows every query to these runs.
const starter = `runs-grid-${crypto.randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  orm = await useTestOrm();
  // 30 runs an hour apart; every third a sync, every fifth in error; run i lasts i seconds.
  await orm.em.fork().execute(
    `INSERT INTO migration_runs (kind, state, source_dir, started_by, started_at, finished_at)
     SELECT CASE WHEN i % 3 = 0 THEN 'sync' ELSE 'verify' END, CASE WHEN i % 5 = 0 THEN 'error' ELSE 'validated' END, '/legacy', ?,
            timestamptz '2026-11-01 00:00Z' + i * interval '1 hour', timestamptz '2026-11-01 00:00Z' + i * interval '1 hour' + i * interval '1 second'
       FROM generate_series(1, 30) i`,
    [starter],
  );
});

const page = (params: Record<string, string> = {}) => findRunPage(orm.em.fork(), listMigrationRunsQuerySchema.parse({ q: starter, ...params }));

describe('migration run list query', () => {
  it('pages the runs newest first by keyset with an exact total when searched', async () => {
    const first = await page();
    expect(first.total).toEqual({ kind: 'exact', value: 30 });
    expect(first.rows).toHaveLength(25);
    const second = await page({ cursor: first.nextCursor! });
    expect(second.rows).toHaveLength(5);
    const started = [...first.rows, ...second.rows].map((row) => new Date(row.started_at).getTime());
    expect(started).toEqual([...started].sort((a, b) => b - a));
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(30);
  });

  it('filters by kind and state (multi-select), start date and duration', async () => {
    const syncErrors = await page({ kind: 'sync', state: 'error' });
    expect(syncErrors.rows.map((row) => row.kind + row.state)).toEqual(['syncerror', 'syncerror']); // i = 15, 30
    expect(syncErrors.total).toEqual({ kind: 'exact', value: 2 });
    expect((await page({ durationSeconds: '10..12' })).total).toEqual({ kind: 'exact', value: 3 });
    // Runs 1…23 start on Nov 1 (00:00 + i h, i ≤ 23).
    expect((await page({ startedAt: '2026-11-01..2026-11-01' })).total).toEqual({ kind: 'exact', value: 23 });
    expect((await page({ kind: 'sync,verify', sort: 'kind.asc,startedAt.asc' })).rows[0].kind).toBe('sync');
  });

  it('counts the runs of each kind and state for the filters', async () => {
    const counts = await findRunFacetCounts(orm.em.fork());
    expect(counts.kind.sync).toBeGreaterThanOrEqual(10);
    expect(counts.state.error).toBeGreaterThanOrEqual(6);
  });
});
