import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findQuarantinePage } from './migration-findings.repository';
import { listQuarantineQuerySchema } from './migration-dashboard.schemas';

let orm: MikroORM;
// A reason of this file's own: the search narrows every query to these records.
const reason = `quarantine-grid-${crypto.randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  orm = await useTestOrm();
  const em = orm.em.fork();
  const [run] = await em.execute<Array<{ id: string }>>(
    `INSERT INTO migration_runs (kind, state, source_dir, started_by, started_at) VALUES ('import', 'validated', '/legacy', 'vitest', '2026-09-01Z') RETURNING id`,
  );
  // 30 records: keys k01…k30, every third from admin-logs, the others from wallet-db; the raw text is 500 characters.
  await em.execute(
    `INSERT INTO migration_quarantine (legacy_source, legacy_key, legacy_position, legacy_hash, reason, raw_text, run_id)
     SELECT CASE WHEN i % 3 = 0 THEN 'admin-logs' ELSE 'wallet-db' END, ? || '-k' || lpad(i::text, 2, '0'), i, repeat('0', 64), ?, repeat('x', 500), ?
       FROM generate_series(1, 30) i`,
    [reason, reason, run.id],
  );
});

const page = (params: Record<string, string> = {}) => findQuarantinePage(orm.em.fork(), listQuarantineQuerySchema.parse({ q: reason, ...params }), 100);

describe('quarantine list query', () => {
  it('pages by source then key, with an exact total and a preview of each record', async () => {
    const first = await page();
    expect(first.total).toEqual({ kind: 'exact', value: 30 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]).toMatchObject({ legacy_source: 'admin-logs', legacy_key: `${reason}-k03`, raw_length: 500 });
    expect(first.rows[0].raw_preview).toHaveLength(100);
    const second = await page({ cursor: first.nextCursor! });
    const keys = [...first.rows, ...second.rows].map((row) => `${row.legacy_source} ${row.legacy_key}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(30);
  });

  it('filters by source and finds one key exactly', async () => {
    expect((await page({ source: 'admin-logs' })).total).toEqual({ kind: 'exact', value: 10 });
    const one = await findQuarantinePage(orm.em.fork(), listQuarantineQuerySchema.parse({ q: `${reason}-k07` }), 10);
    expect(one.rows.map((row) => row.legacy_key)).toEqual([`${reason}-k07`]);
  });
});
