import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { useTestOrm } from '@/lib/testing/test-orm';
import { encodeCursor } from './cursor';
import { findKeysetPage, keysetPageQuery, resolveCursor, type KeysetColumn } from './keyset';
import { defineListQuery, formatSort, type SortItem } from './list-query.schemas';
import { sql } from './sql';
import { findListTotal } from './total';

// A table of its own (created here, dropped with the test database) with many ties and NULLs in every sort column.
const TABLE = 'list_query_keyset_probe';
let orm: MikroORM;
const em = (): EntityManager => orm.em.fork();

const columns: Record<'score' | 'label' | 'seen', KeysetColumn> = {
  score: { expr: sql.raw('score'), cast: 'numeric', nullable: true },
  label: { expr: sql.raw('label'), cast: 'text', nullable: true },
  seen: { expr: sql.raw('seen_at'), cast: 'timestamptz', nullable: true },
};
const types = { score: 'number', label: 'text', seen: 'date' } as const;

beforeAll(async () => {
  orm = await useTestOrm('owner');
  await orm.em.getConnection().execute(`
    DROP TABLE IF EXISTS ${TABLE};
    CREATE TABLE ${TABLE} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), score numeric, label text, seen_at timestamptz);
    INSERT INTO ${TABLE} (score, label, seen_at)
    SELECT CASE WHEN n % 7 = 0 THEN NULL ELSE (n % 5) * 1.5 END,
           CASE WHEN n % 4 = 0 THEN NULL ELSE 'l' || (n % 3) END,
           -- microsecond timestamps: a cursor must keep their full precision
           CASE WHEN n % 6 = 0 THEN NULL ELSE timestamptz '2026-01-01' + (n % 9) * interval '1.000123 second' END
      FROM generate_series(1, 237) n;
    ANALYZE ${TABLE};`);
});

async function allIds(sort: readonly SortItem<keyof typeof columns>[]): Promise<string[]> {
  const order = sort
    .map((item) => `${columns[item.column].expr.text} ${item.direction} NULLS LAST`)
    .concat(`id ${sort[0].direction}`)
    .join(', ');
  const rows = await em().execute<Array<{ id: string }>>(`SELECT id FROM ${TABLE} ORDER BY ${order}`);
  return rows.map((row) => row.id);
}

function page(sort: readonly SortItem<keyof typeof columns>[], cursor: string | undefined, direction: 'next' | 'prev', pageSize: number) {
  return findKeysetPage<{ id: string }, keyof typeof columns>(em(), {
    select: sql.raw('id'),
    from: sql.raw(TABLE),
    where: [],
    columns,
    id: { expr: sql.raw('id'), cast: 'uuid' },
    sort,
    cursor: resolveCursor({ cursor, sort }, types, 'uuid'),
    direction,
    pageSize,
  });
}

const sorts: SortItem<keyof typeof columns>[][] = [
  [{ column: 'score', direction: 'asc' }],
  [{ column: 'score', direction: 'desc' }],
  [
    { column: 'label', direction: 'asc' },
    { column: 'score', direction: 'desc' },
  ],
  [
    { column: 'seen', direction: 'desc' },
    { column: 'label', direction: 'asc' },
    { column: 'score', direction: 'asc' },
  ],
];

describe('keyset pagination', () => {
  it.each(sorts.map((sort) => [formatSort(sort), sort] as const))(
    'pages forwards to the end and back to the start over ties and NULLs, every row exactly once (%s)',
    async (_, sort) => {
      const expected = await allIds(sort);
      expect(expected).toHaveLength(237);
      for (const pageSize of [1, 10, 25]) {
        const forward: string[][] = [];
        let result = await page(sort, undefined, 'next', pageSize);
        forward.push(result.rows.map((row) => row.id));
        while (result.nextCursor) {
          result = await page(sort, result.nextCursor, 'next', pageSize);
          forward.push(result.rows.map((row) => row.id));
        }
        expect(forward.flat()).toEqual(expected);

        const backward: string[][] = [forward[forward.length - 1]];
        while (result.prevCursor) {
          result = await page(sort, result.prevCursor, 'prev', pageSize);
          backward.unshift(result.rows.map((row) => row.id));
        }
        // Going back lands on the same pages as going forward.
        expect(backward).toEqual(forward);
      }
    },
  );

  it.each(['asc', 'desc'] as const)('starts a deep page at the cursor through one plain index, both ways (%s)', async (direction) => {
    await em().getConnection().execute(`CREATE INDEX IF NOT EXISTS ${TABLE}_score_idx ON ${TABLE} (score DESC, id DESC)`);
    const sort: SortItem<'score'>[] = [{ column: 'score', direction }];
    for (const pageDirection of ['next', 'prev'] as const) {
      const cursor = resolveCursor(
        { cursor: encodeCursor({ sort: `score.${direction}`, values: ['3.0'], id: '00000000-0000-0000-0000-000000000000' }), sort },
        types,
        'uuid',
      );
      const query = keysetPageQuery({
        select: sql.raw('id'),
        from: sql.raw(TABLE),
        where: [],
        columns,
        id: { expr: sql.raw('id'), cast: 'uuid' },
        sort,
        cursor,
        direction: pageDirection,
        pageSize: 10,
      });
      // 237 rows fit in a few pages, so the planner would rightly read them all; this asks what it does with the index at scale.
      const plan = await em().transactional(async (tx) => {
        await tx.execute('SET LOCAL enable_seqscan = off');
        const [row] = await tx.execute<Array<{ 'QUERY PLAN': unknown }>>(`EXPLAIN (FORMAT JSON) ${query.text}`, [...query.values]);
        return JSON.stringify(row['QUERY PLAN']);
      });
      expect(plan).toContain(`"Index Name":"${TABLE}_score_idx"`);
      expect(plan).toMatch(/"Index Cond":"\(score [<>]= /);
      expect(plan).not.toContain('Seq Scan');
      expect(plan).not.toContain('Bitmap');
    }
  });

  it('rejects a cursor that was altered, made for another sort, or is not a cursor, as VALIDATION', () => {
    const sort: SortItem<'score'>[] = [{ column: 'score', direction: 'asc' }];
    const good = encodeCursor({ sort: 'score.asc', values: ['1.5'], id: '0b6c1f8e-8f1e-4a59-9d42-5b3f0f7e2a10' });
    expect(resolveCursor({ cursor: good, sort }, types, 'uuid')?.values).toEqual(['1.5']);
    const tampered = [
      encodeCursor({ sort: 'score.desc', values: ['1.5'], id: '0b6c1f8e-8f1e-4a59-9d42-5b3f0f7e2a10' }),
      encodeCursor({ sort: 'score.asc', values: ["1.5'; DROP TABLE assets; --"], id: '0b6c1f8e-8f1e-4a59-9d42-5b3f0f7e2a10' }),
      encodeCursor({ sort: 'score.asc', values: ['1.5', '2'], id: '0b6c1f8e-8f1e-4a59-9d42-5b3f0f7e2a10' }),
      encodeCursor({ sort: 'score.asc', values: ['1.5'], id: 'not-a-uuid' }),
      good.slice(0, -3),
      Buffer.from('[1,2]').toString('base64url'),
    ];
    for (const cursor of tampered) {
      let error: unknown;
      try {
        resolveCursor({ cursor, sort }, types, 'uuid');
      } catch (caught) {
        error = caught;
      }
      expect(error, cursor).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION');
    }
  });
});

describe('list totals', () => {
  it('estimates an unfiltered table from its statistics and counts a filtered one exactly up to the cap', async () => {
    const from = sql.raw(TABLE);
    expect(await findListTotal(em(), { table: TABLE, from, where: [], filtered: false, cap: 100 })).toEqual({ kind: 'estimate', value: 237 });
    expect(await findListTotal(em(), { table: TABLE, from, where: [], filtered: false, cap: 1000 })).toEqual({ kind: 'exact', value: 237 });
    expect(await findListTotal(em(), { table: TABLE, from, where: [sql`label = ${'l1'}`], filtered: true, cap: 1000 })).toEqual({ kind: 'exact', value: 59 });
    expect(await findListTotal(em(), { table: TABLE, from, where: [sql`label = ${'l1'}`], filtered: true, cap: 50 })).toEqual({ kind: 'atLeast', value: 50 });
  });
});

describe('list query schema', () => {
  const schema = defineListQuery({
    sortable: { created: 'date', invested: 'number' },
    defaultSort: [{ column: 'created', direction: 'desc' }],
    searchSort: [{ column: 'invested', direction: 'desc' }],
    filters: {
      status: { kind: 'enum', values: ['active', 'paused', 'draft'] },
      created: { kind: 'dateRange' },
      invested: { kind: 'numberRange' },
      hasContract: { kind: 'boolean' },
    },
    columns: ['title', 'status', 'created'],
  });

  it('parses the URL form of search, sort, filters, columns, page size and direction', () => {
    const query = schema.parse(
      new URLSearchParams(
        'q=%20سوق%20&sort=invested.asc,created.desc&status=active,draft&created=2026-01-01..2026-01-31&invested=1000..&hasContract=false&columns=status,title&pageSize=100&cursor=abc_-1&direction=prev',
      ),
    );
    expect(query).toEqual({
      q: 'سوق',
      sort: [
        { column: 'invested', direction: 'asc' },
        { column: 'created', direction: 'desc' },
      ],
      filters: {
        status: ['active', 'draft'],
        created: { from: '2026-01-01T00:00:00.000Z', before: '2026-02-01T00:00:00.000Z' },
        invested: { min: '1000', max: undefined },
        hasContract: false,
      },
      columns: ['status', 'title'],
      pageSize: 100,
      cursor: 'abc_-1',
      direction: 'prev',
    });
  });

  it('fills the defaults for an empty URL', () => {
    expect(schema.parse({})).toEqual({
      q: undefined,
      sort: [{ column: 'created', direction: 'desc' }],
      filters: {},
      columns: ['title', 'status', 'created'],
      pageSize: 50,
      cursor: undefined,
      direction: 'next',
    });
  });

  it('sorts a search by the search sort unless a sort is given', () => {
    expect(schema.parse({ q: 'palm' }).sort).toEqual([{ column: 'invested', direction: 'desc' }]);
    expect(schema.parse({ q: 'palm', sort: 'created.asc' }).sort).toEqual([{ column: 'created', direction: 'asc' }]);
  });

  it.each([
    ['sort', { sort: 'title.asc' }],
    ['sort', { sort: 'created.up' }],
    ['sort', { sort: 'created.asc,created.desc' }],
    ['status', { status: 'active,gone' }],
    ['created', { created: '2026-02-01..2026-01-01' }],
    ['created', { created: 'yesterday..' }],
    ['invested', { invested: '1e9..' }],
    ['invested', { invested: '..' }],
    ['hasContract', { hasContract: 'yes' }],
    ['columns', { columns: 'title,secret' }],
    ['pageSize', { pageSize: '1000' }],
    ['cursor', { cursor: 'not base64!' }],
    ['direction', { direction: 'prev' }],
    ['q', { q: ['a', 'b'] }],
  ])('rejects a bad %s parameter, naming it', (name, params) => {
    const result = schema.safeParse(params);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(name);
  });
});
