import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findAuditFacets, findAuditPage } from './audit.repository';
import { listAuditQuerySchema } from './audit.schemas';
import { recordAuditEvent } from './record-audit-event';

let orm: MikroORM;
// A table name of this file's own, so other files' entries never enter the filtered pages.
const table = `vt_${crypto.randomUUID().slice(0, 8)}`;
const ACTIONS = ['LOGIN', 'EXPORT', 'UPDATE'];
const actorOf = (index: number) => (index % 3 === 0 ? 'grid-alice@test.pend' : 'grid-bob@test.pend');

beforeAll(async () => {
  orm = await useTestOrm();
  const em = orm.em.fork();
  for (let index = 0; index < 60; index++) {
    await recordAuditEvent(
      em,
      { action: ACTIONS[index % 3], tableName: table, recordId: `r${index}` },
      { source: index % 2 ? 'cli' : 'system', actorLabel: actorOf(index) },
    );
  }
});

const page = (params: Record<string, string>) => findAuditPage(orm.em.fork(), listAuditQuerySchema.parse({ table, pageSize: '25', ...params }));
const seqs = (rows: { seq: string }[]) => rows.map((row) => Number(row.seq));

describe('audit list query', () => {
  it('pages the filtered trail newest first by keyset, with an exact total, and the previous page is the first again', async () => {
    const first = await page({});
    expect(first.total).toEqual({ kind: 'exact', value: 60 });
    expect(first.rows).toHaveLength(25);
    expect(first.prevCursor).toBeNull();
    const all = [...seqs(first.rows)];
    const second = await page({ cursor: first.nextCursor! });
    const third = await page({ cursor: second.nextCursor! });
    expect(third.rows).toHaveLength(10);
    expect(third.nextCursor).toBeNull();
    all.push(...seqs(second.rows), ...seqs(third.rows));
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(new Set(all).size).toBe(60);
    const back = await page({ cursor: second.prevCursor!, direction: 'prev' });
    expect(seqs(back.rows)).toEqual(seqs(first.rows));
  });

  it('sorts by action then entry number across pages', async () => {
    const first = await page({ sort: 'action.asc,seq.asc' });
    const second = await page({ sort: 'action.asc,seq.asc', cursor: first.nextCursor! });
    const rows = [...first.rows, ...second.rows];
    const expected = [...rows].sort((a, b) => a.action.localeCompare(b.action) || Number(a.seq) - Number(b.seq));
    expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    expect(rows.slice(0, 20).every((row) => row.action === 'EXPORT')).toBe(true);
  });

  it('combines the multi-select, search, source and entry-number filters', async () => {
    const result = await page({ action: 'LOGIN,EXPORT', q: 'grid-alice', source: 'system' });
    // alice: index % 3 === 0 → always LOGIN; system: even index → index % 6 === 0 → 10 rows.
    expect(result.total).toEqual({ kind: 'exact', value: 10 });
    expect(result.rows.every((row) => row.action === 'LOGIN' && row.actor === 'grid-alice@test.pend' && row.source === 'system')).toBe(true);
    const all = await page({ sort: 'seq.asc' });
    const [low, high] = [all.rows[5].seq, all.rows[14].seq];
    const ranged = await page({ seq: `${low}..${high}` });
    expect(ranged.total).toEqual({ kind: 'exact', value: 10 });
    expect(await page({ changedAt: '2000-01-01..2000-01-02' })).toMatchObject({ rows: [], total: { kind: 'exact', value: 0 } });
  });

  it('refuses a cursor taken from another sort', async () => {
    const first = await page({});
    await expect(page({ sort: 'action.asc', cursor: first.nextCursor! })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('offers each action and table with how many entries hold it', async () => {
    const facets = await findAuditFacets(orm.em.fork());
    expect(facets.table.find((option) => option.value === table)).toEqual({ value: table, count: 60 });
    expect(facets.action.map((option) => option.value)).toEqual(expect.arrayContaining(ACTIONS));
  });
});
