import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findAnomalyPage } from './migration-findings.repository';
import { listAnomaliesQuerySchema } from './migration-dashboard.schemas';

let orm: MikroORM;
// Kinds of this file's own (letters only, as the list query's kind filter asks): the filter narrows every query to these rows.
const tag = `grid${crypto
  .randomUUID()
  .replace(/[^a-f]/g, '')
  .slice(0, 8)}`;
const kindA = `${tag}Alpha`;
const kindB = `${tag}Beta`;
let runIds: string[] = [];

beforeAll(async () => {
  orm = await useTestOrm();
  const em = orm.em.fork();
  // A completed import of admin-logs alone, newer than any other: the latest import of that source.
  const [older] = await em.execute<Array<{ id: string }>>(
    `INSERT INTO migration_runs (kind, state, source_dir, started_by, started_at, options, summary)
     VALUES ('import', 'validated', '/legacy', 'vitest', now() + interval '1 day', '{"only":["admin-logs"]}', '{"sources":[]}') RETURNING id`,
  );
  const [latest] = await em.execute<Array<{ id: string }>>(
    `INSERT INTO migration_runs (kind, state, source_dir, started_by, started_at, options, summary)
     VALUES ('import', 'validated', '/legacy', 'vitest', now() + interval '2 days', '{"only":["admin-logs"]}', '{"sources":[]}') RETURNING id`,
  );
  // The latest import: 30 anomalies, keys a01…a30, odd ones of kind A, even ones of kind B. The older import's are history.
  await em.execute(
    `INSERT INTO migration_anomalies (run_id, source, kind, legacy_key)
     SELECT ?::uuid, 'admin-logs', CASE WHEN i % 2 = 1 THEN ? ELSE ? END, ? || '-a' || lpad(i::text, 2, '0') FROM generate_series(1, 30) i
     UNION ALL
     SELECT ?::uuid, 'admin-logs', ?, ? || '-old' || i FROM generate_series(1, 5) i`,
    [latest.id, kindA, kindB, tag, older.id, kindA, tag],
  );
  runIds = [older.id, latest.id];
});

// Dated ahead, these runs would stay the latest import of admin-logs for every later test file.
afterAll(async () => {
  const em = orm.em.fork();
  await em.execute(`DELETE FROM migration_anomalies WHERE run_id IN (?, ?)`, runIds);
  await em.execute(`DELETE FROM migration_runs WHERE id IN (?, ?)`, runIds);
});

const page = (params: Record<string, string> = {}) => findAnomalyPage(orm.em.fork(), listAnomaliesQuerySchema.parse({ kind: `${kindA},${kindB}`, ...params }));

describe('anomaly list query', () => {
  it("pages forwards and back by source, kind and key through the latest import's anomalies only, with an exact total", async () => {
    const first = await page({ sort: 'source.asc,key.asc' });
    expect(first.total).toEqual({ kind: 'exact', value: 30 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]).toMatchObject({ source: 'admin-logs', kind: kindA, legacy_key: `${tag}-a01` });
    const second = await page({ sort: 'source.asc,key.asc', cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const keys = [...first.rows, ...second.rows].map((row) => row.legacy_key);
    expect(keys).toEqual(Array.from({ length: 30 }, (_, index) => `${tag}-a${String(index + 1).padStart(2, '0')}`));
    const back = await page({ sort: 'source.asc,key.asc', cursor: second.prevCursor!, direction: 'prev' });
    expect(back.rows.map((row) => row.legacy_key)).toEqual(first.rows.map((row) => row.legacy_key));
  });

  it('filters by kind and source and finds one key exactly', async () => {
    expect((await page({ kind: kindB })).total).toEqual({ kind: 'exact', value: 15 });
    expect((await page({ source: 'wallet-db' })).total).toEqual({ kind: 'exact', value: 0 });
    expect((await page({ q: `${tag}-a07` })).rows.map((row) => row.legacy_key)).toEqual([`${tag}-a07`]);
    expect((await page({ q: `${tag}-old1` })).rows).toEqual([]);
  });

  it('sorts by kind descending, then key', async () => {
    const rows = (await page({ sort: 'kind.desc,key.asc', pageSize: '50' })).rows;
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({ kind: kindB, legacy_key: `${tag}-a02` });
    expect(rows.at(-1)).toMatchObject({ kind: kindA, legacy_key: `${tag}-a29` });
  });
});
