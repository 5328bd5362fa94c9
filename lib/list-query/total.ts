import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type SqlFragment } from './sql';

/**
 * How many rows a list has, without `count(*)` over a large table: "about 74,000" (the planner's
 * statistics) when nothing narrows it, the exact number when a filter leaves at most `cap` rows, and
 * "1,000+" when it leaves more.
 */
export type ListTotal = { kind: 'estimate' | 'exact' | 'atLeast'; value: number };

export const DEFAULT_COUNT_CAP = 1000;

const countCapScope = new AsyncLocalStorage<number>();

/**
 * Runs `work` (a grid's own page query) with its capped counts capped at `cap` instead of 1,000: an
 * export sizes itself up to its background threshold with the very query its grid runs, without each
 * repository taking a cap parameter (decision 072).
 */
export function withCountCap<T>(cap: number, work: () => Promise<T>): Promise<T> {
  return countCapScope.run(cap, work);
}

/** The cap in force: the caller's, else an export's scope, else the grid default. */
const capInForce = (cap?: number) => cap ?? countCapScope.getStore() ?? DEFAULT_COUNT_CAP;

/**
 * `orderBy` (an indexed order, e.g. the page's leading key) makes the count walk that index: a range
 * filter on it then reads `cap + 1` index entries, where a sequential scan could read the whole table
 * when the matching rows sit at its end.
 */
export function countCappedQuery(from: SqlFragment, where: readonly SqlFragment[], requestedCap?: number, orderBy?: SqlFragment): SqlFragment {
  const cap = capInForce(requestedCap);
  const order = orderBy ? sql` ORDER BY ${orderBy}` : sql.raw('');
  return sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${sql.and(where)}${order} LIMIT ${cap + 1}) capped`;
}

/** A capped exact count: reads at most `cap + 1` matching rows. */
export async function countCapped(
  em: EntityManager,
  from: SqlFragment,
  where: readonly SqlFragment[],
  requestedCap?: number,
  orderBy?: SqlFragment,
): Promise<ListTotal> {
  const cap = capInForce(requestedCap);
  const query = countCappedQuery(from, where, cap, orderBy);
  const [row] = await em.execute<Array<{ n: number }>>(query.text, [...query.values]);
  return row.n > cap ? { kind: 'atLeast', value: cap } : { kind: 'exact', value: row.n };
}

/**
 * `pg_class.reltuples` of a table as `n`; for a partitioned table (decision 071), the sum over its
 * partitions (the parent's own figure is not kept up to date), a never-analysed partition counting 0.
 */
export function tableRowsEstimate(table: string): SqlFragment {
  return sql`SELECT CASE WHEN p.relkind = 'p'
                THEN (SELECT coalesce(sum(greatest(c.reltuples, 0)), 0) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = p.oid)
                ELSE p.reltuples END::bigint AS n
               FROM pg_class p WHERE p.oid = to_regclass(${table})`;
}

/**
 * The whole table's size from `pg_class.reltuples` (kept by ANALYZE and autovacuum). A table never
 * analysed (-1), or one small enough that counting is cheap, is counted exactly instead.
 */
export async function estimateTableRows(em: EntityManager, table: string, requestedCap?: number): Promise<ListTotal> {
  const cap = capInForce(requestedCap);
  const estimate = tableRowsEstimate(table);
  const [row] = await em.execute<Array<{ n: string | number }>>(estimate.text, [...estimate.values]);
  const value = row ? Number(row.n) : -1;
  if (value <= cap) return countCapped(em, sql.raw(table), [], cap);
  return { kind: 'estimate', value };
}

/** The total for a list query: an estimate of the table when unfiltered, else a capped exact count. */
export type ListTotalInput = { table: string; from: SqlFragment; where: readonly SqlFragment[]; filtered: boolean; cap?: number; orderBy?: SqlFragment };

export function findListTotal(em: EntityManager, input: ListTotalInput): Promise<ListTotal> {
  return input.filtered ? countCapped(em, input.from, input.where, input.cap, input.orderBy) : estimateTableRows(em, input.table, input.cap);
}
