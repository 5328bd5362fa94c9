import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findMismatchPage } from './migration-findings.repository';
import { listMismatchesQuerySchema } from './migration-dashboard.schemas';

let orm: MikroORM;
// Field names and keys of this file's own: the search narrows every query to these rows.
const tag = `mismatch-grid-${crypto.randomUUID().slice(0, 8)}`;
// The source state row this file points at its own run, restored afterwards.
const SOURCE = 'admin-logs';
let savedState: unknown = null;

beforeAll(async () => {
  orm = await useTestOrm();
  const em = orm.em.fork();
  const [saved] = await em.execute<Array<{ row: unknown }>>(`SELECT to_jsonb(s) AS row FROM migration_source_state s WHERE source = ?`, [SOURCE]);
  savedState = saved?.row ?? null;
  const runs = await em.execute<Array<{ id: string }>>(
    `INSERT INTO migration_runs (kind, state, source_dir, started_by, started_at)
     VALUES ('verify', 'mismatched', '/legacy', 'vitest', '2026-09-01Z'), ('verify', 'mismatched', '/legacy', 'vitest', '2026-09-02Z') RETURNING id, started_at`,
  );
  const [older, latest] = runs;
  await em.execute(
    `INSERT INTO migration_source_state (source, state, last_run_id, mismatched_count) VALUES (?, 'mismatched', ?, 30)
     ON CONFLICT (source) DO UPDATE SET state = EXCLUDED.state, last_run_id = EXCLUDED.last_run_id, mismatched_count = EXCLUDED.mismatched_count`,
    [SOURCE, latest.id],
  );
  // The latest run: 30 differences, keys k01…k30, odd ones in field "…-amount", even ones in "…-status".
  // The older run's 5 differences are history and never listed.
  await em.execute(
    `INSERT INTO migration_mismatches (run_id, source, legacy_key, field, legacy_value, db_value)
     SELECT ?::uuid, ?, ? || '-k' || lpad(i::text, 2, '0'), ? || CASE WHEN i % 2 = 1 THEN '-amount' ELSE '-status' END, to_jsonb(i), to_jsonb(i + 1)
       FROM generate_series(1, 30) i
     UNION ALL
     SELECT ?::uuid, ?, ? || '-old' || i, ? || '-amount', to_jsonb(i), to_jsonb(i + 1) FROM generate_series(1, 5) i`,
    [latest.id, SOURCE, tag, tag, older.id, SOURCE, tag, tag],
  );
});

afterAll(async () => {
  const em = orm.em.fork();
  await em.execute(`DELETE FROM migration_source_state WHERE source = ?`, [SOURCE]);
  if (savedState) {
    await em.execute(`INSERT INTO migration_source_state SELECT * FROM jsonb_populate_record(NULL::migration_source_state, ?::jsonb)`, [
      JSON.stringify(savedState),
    ]);
  }
});

const page = (params: Record<string, string> = {}) => findMismatchPage(orm.em.fork(), listMismatchesQuerySchema.parse({ q: tag, ...params }), 1_000);

describe('mismatch list query', () => {
  it("pages forwards and back by source then key through the latest run's differences only, with an exact total", async () => {
    const first = await page();
    expect(first.total).toEqual({ kind: 'exact', value: 30 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]).toMatchObject({
      source: SOURCE,
      legacy_key: `${tag}-k01`,
      field: `${tag}-amount`,
      legacy_value: '1',
      db_value: '2',
      is_truncated: false,
    });
    const second = await page({ cursor: first.nextCursor! });
    const keys = [...first.rows, ...second.rows].map((row) => row.legacy_key);
    expect(keys).toEqual(Array.from({ length: 30 }, (_, index) => `${tag}-k${String(index + 1).padStart(2, '0')}`));
    expect(second.nextCursor).toBeNull();
    const back = await page({ cursor: second.prevCursor!, direction: 'prev' });
    expect(back.rows.map((row) => row.legacy_key)).toEqual(first.rows.map((row) => row.legacy_key));
  });

  it('filters by source and finds a field by part of its name or one key exactly', async () => {
    expect((await page({ source: SOURCE })).total).toEqual({ kind: 'exact', value: 30 });
    expect((await page({ source: 'wallet-db' })).total).toEqual({ kind: 'exact', value: 0 });
    expect((await page({ q: `${tag}-stat` })).total).toEqual({ kind: 'exact', value: 15 });
    const one = await page({ q: `${tag}-k07` });
    expect(one.rows.map((row) => row.legacy_key)).toEqual([`${tag}-k07`]);
  });

  it('sorts by field, then by key descending', async () => {
    const rows = (await page({ sort: 'field.desc,key.desc', pageSize: '50' })).rows;
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({ field: `${tag}-status`, legacy_key: `${tag}-k30` });
    expect(rows.at(-1)).toMatchObject({ field: `${tag}-amount`, legacy_key: `${tag}-k01` });
  });
});
