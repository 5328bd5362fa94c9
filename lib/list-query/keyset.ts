import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, type Cursor, type CursorValueType, type IdType } from './cursor';
import { formatSort, type SortDirection, type SortItem } from './list-query.schemas';
import { sql, type SqlFragment } from './sql';

/**
 * Keyset pagination over a multi-column sort with the row id as the last, stable tiebreak.
 *
 * Order the user sees: every sort key `NULLS LAST` in the direction asked for, then the id in the
 * first key's direction. A previous page scans the reverse order (every direction and NULL placement
 * flipped) and is reversed for display.
 *
 * Rows after the cursor: the NULL-aware expanded row comparison
 * `k1 > v1 OR (k1 = v1 AND k2 > v2) OR … OR (k1 = v1 AND … AND id > vid)`. An OR cannot bound an
 * index scan, so the rows ahead are split on the leading key into its blocks (the values, the NULLs):
 * one branch per block still ahead, each bounded by a plain condition (`k1 >= v1`, `k1 IS NOT NULL`,
 * `k1 IS NULL`) and limited to the page size. Inside a branch the leading key is all values or all
 * NULL, so the branch orders it with PostgreSQL's default NULL placement: any plain B-tree index
 * `(k1, id)` or `(k1 DESC, id DESC)` then serves both directions (forwards or backwards) and the scan
 * starts at the cursor. Two branches are merged and limited again: no page reads more than twice
 * its size from the index, at any depth.
 */
export type SqlCast = 'text' | 'numeric' | 'integer' | 'bigint' | 'timestamptz' | 'date' | 'real' | 'uuid';

export type KeysetColumn = {
  /** The sort expression, written in code (never input), e.g. `sql.raw('a.created_at')`. */
  expr: SqlFragment;
  /** The SQL type cursor values are cast to: the expression's own type, so comparisons stay indexable. */
  cast: SqlCast;
  /** Whether the expression can be NULL (adds the NULL-block handling). */
  nullable: boolean;
};

export type KeysetPageInput<Column extends string> = {
  /** The select list of the rows returned (without trailing comma). */
  select: SqlFragment;
  /** FROM … (joins included). */
  from: SqlFragment;
  /** Filter conditions, ANDed. */
  where: readonly SqlFragment[];
  columns: Readonly<Record<Column, KeysetColumn>>;
  /** The id expression and its cast: the unique, non-null tiebreak. */
  id: { expr: SqlFragment; cast: SqlCast };
  sort: readonly SortItem<Column>[];
  cursor?: Cursor;
  direction: 'next' | 'prev';
  pageSize: number;
};

type Key = { expr: SqlFragment; cast: SqlCast; nullable: boolean; direction: SortDirection; nullsFirst: boolean; value: string | null };

const flip = (direction: SortDirection): SortDirection => (direction === 'asc' ? 'desc' : 'asc');

function scanKeys<Column extends string>(input: KeysetPageInput<Column>): Key[] {
  const reversed = input.direction === 'prev';
  const keys = input.sort.map((item, index): Key => {
    const column = input.columns[item.column];
    return {
      ...column,
      direction: reversed ? flip(item.direction) : item.direction,
      nullsFirst: reversed,
      value: input.cursor ? input.cursor.values[index] : null,
    };
  });
  const idDirection = input.sort[0]?.direction ?? 'asc';
  keys.push({
    ...input.id,
    nullable: false,
    direction: reversed ? flip(idDirection) : idDirection,
    nullsFirst: false,
    value: input.cursor?.id ?? null,
  });
  return keys;
}

const typed = (key: Key) => sql`${key.value}::${sql.raw(key.cast)}`;
const equalTo = (key: Key) => (key.value === null ? sql`${key.expr} IS NULL` : sql`${key.expr} = ${typed(key)}`);

function beyond(key: Key): SqlFragment {
  if (key.value === null) return key.nullsFirst && key.nullable ? sql`${key.expr} IS NOT NULL` : sql.raw('FALSE');
  const comparison = sql`${key.expr} ${sql.raw(key.direction === 'asc' ? '>' : '<')} ${typed(key)}`;
  return key.nullable && !key.nullsFirst ? sql.or([comparison, sql`${key.expr} IS NULL`]) : comparison;
}

/** Rows strictly after the cursor row in the scan order of `keys`. */
export function keysetPredicate(keys: readonly Key[]): SqlFragment {
  return sql.or(keys.map((key, index) => sql.and([...keys.slice(0, index).map(equalTo), beyond(key)])));
}

const orderBy = (keys: readonly Key[], alias?: (index: number) => string) =>
  sql.join(
    keys.map((key, index) => {
      const target = alias ? sql.raw(alias(index)) : key.expr;
      const nulls = key.nullable ? (key.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : '';
      return sql`${target} ${sql.raw(key.direction.toUpperCase() + nulls)}`;
    }),
    ', ',
  );

const sortAlias = (index: number) => `__s${index}`;

/** The page query: `pageSize + 1` rows (the extra one says whether more follow), with the key values as text for the cursor. */
export function keysetPageQuery<Column extends string>(input: KeysetPageInput<Column>): SqlFragment {
  const keys = scanKeys(input);
  const limit = input.pageSize + 1;
  const keyColumns = sql.join(
    keys.map((key, index) => sql`${key.expr} AS ${sql.raw(sortAlias(index))}, (${key.expr})::text AS ${sql.raw(`__k${index}`)}`),
    ', ',
  );
  // Within a branch the leading key is in one block, so its NULL placement is free: the default one matches plain indexes.
  const branchOrder = orderBy([{ ...keys[0], nullable: false }, ...keys.slice(1)]);
  const branch = (conditions: readonly SqlFragment[]) =>
    sql`SELECT ${input.select}, ${keyColumns} FROM ${input.from} WHERE ${sql.and([...input.where, ...conditions])} ORDER BY ${branchOrder} LIMIT ${limit}`;
  const [lead] = keys;
  const from = (value: SqlFragment) => sql`${lead.expr} ${sql.raw(lead.direction === 'asc' ? '>=' : '<=')} ${value}`;

  const branches: SqlFragment[][] = [];
  if (!input.cursor) {
    if (!lead.nullable) branches.push([]);
    else branches.push([sql`${lead.expr} IS NOT NULL`], [sql`${lead.expr} IS NULL`]);
  } else if (!lead.nullable || lead.value !== null) {
    branches.push([from(typed(lead)), keysetPredicate(keys)]);
    // Forwards, the NULL block follows the values.
    if (lead.nullable && !lead.nullsFirst) branches.push([sql`${lead.expr} IS NULL`]);
  } else {
    branches.push([sql`${lead.expr} IS NULL`, keysetPredicate(keys.slice(1))]);
    // Backwards, the values follow the NULL block.
    if (lead.nullsFirst) branches.push([sql`${lead.expr} IS NOT NULL`]);
  }
  if (branches.length === 1) return branch(branches[0]);
  const union = sql.join(
    branches.map((conditions) => sql`(${branch(conditions)})`),
    ' UNION ALL ',
  );
  return sql`SELECT * FROM (${union}) page ORDER BY ${orderBy(keys, sortAlias)} LIMIT ${limit}`;
}

export type KeysetPage<Row> = { rows: Row[]; nextCursor: string | null; prevCursor: string | null };

/** Orders the fetched rows for display, strips the key columns and builds the cursors of the neighbouring pages. */
export function keysetPageResult<Row extends Record<string, unknown>>(
  fetched: readonly Record<string, unknown>[],
  input: { sort: readonly SortItem[]; cursor?: Cursor; direction: 'next' | 'prev'; pageSize: number },
): KeysetPage<Row> {
  const hasMore = fetched.length > input.pageSize;
  const inScanOrder = fetched.slice(0, input.pageSize);
  const ordered = input.direction === 'prev' ? [...inScanOrder].reverse() : inScanOrder;
  const sort = formatSort(input.sort);
  const cursorOf = (row: Record<string, unknown>) =>
    encodeCursor({
      sort,
      values: input.sort.map((_, index) => row[`__k${index}`] as string | null),
      id: row[`__k${input.sort.length}`] as string,
    });
  const rows = ordered.map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => !/^__[sk]\d+$/.test(name))) as Row);
  const hasNext = input.direction === 'next' ? hasMore : input.cursor !== undefined;
  const hasPrev = input.direction === 'prev' ? hasMore : input.cursor !== undefined;
  return {
    rows,
    nextCursor: hasNext && ordered.length ? cursorOf(ordered[ordered.length - 1]) : null,
    prevCursor: hasPrev && ordered.length ? cursorOf(ordered[0]) : null,
  };
}

/** Decodes the query's cursor against its sort and the columns' value types (VALIDATION when tampered). */
export function resolveCursor<Column extends string>(
  query: { cursor?: string; sort: readonly SortItem<Column>[] },
  types: Readonly<Record<Column, CursorValueType>>,
  idType: IdType,
): Cursor | undefined {
  if (!query.cursor) return undefined;
  return decodeCursor(query.cursor, { sort: formatSort(query.sort), types: query.sort.map((item) => types[item.column]), idType });
}

/** The paging half of a `KeysetPageInput` as a grid's list query gives it: sort, decoded cursor, direction, page size. */
export function keysetPaging<Column extends string>(
  query: { cursor?: string; sort: readonly SortItem<Column>[]; direction: 'next' | 'prev'; pageSize: number },
  types: Readonly<Record<Column, CursorValueType>>,
  idType: IdType,
): Pick<KeysetPageInput<Column>, 'sort' | 'cursor' | 'direction' | 'pageSize'> {
  return { sort: query.sort, cursor: resolveCursor(query, types, idType), direction: query.direction, pageSize: query.pageSize };
}

/** Runs one keyset page through the request's EntityManager. */
export async function findKeysetPage<Row extends Record<string, unknown>, Column extends string>(
  em: EntityManager,
  input: KeysetPageInput<Column>,
): Promise<KeysetPage<Row>> {
  const query = keysetPageQuery(input);
  const fetched = await em.execute<Record<string, unknown>[]>(query.text, [...query.values]);
  return keysetPageResult<Row>(fetched, input);
}
