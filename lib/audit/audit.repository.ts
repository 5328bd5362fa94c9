import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetColumn, type KeysetPage } from '@/lib/list-query/keyset';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal } from '@/lib/list-query/total';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import type { ListAuditQuery } from './audit.schemas';

export type AuditRow = {
  id: string;
  seq: string;
  changed_at: Date;
  actor: string | null;
  source: string;
  action: string;
  table_name: string;
  record_id: string;
  ip_address: string | null;
  user_agent: string | null;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
};

export type AuditListPage = KeysetPage<AuditRow> & { total: ListTotal };

const FROM = sql.raw('audit_trail a');
const SORT_COLUMNS: Record<ListAuditQuery['sort'][number]['column'], KeysetColumn> = {
  seq: { expr: sql.raw('a.seq'), cast: 'bigint', nullable: false },
  changedAt: { expr: sql.raw('a.changed_at'), cast: 'timestamptz', nullable: false },
  action: { expr: sql.raw('a.action'), cast: 'text', nullable: false },
  table: { expr: sql.raw('a.table_name'), cast: 'text', nullable: false },
};
const SORT_TYPES = { seq: 'number', changedAt: 'date', action: 'text', table: 'text' } as const;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The query's conditions; each filter is one indexable condition on one column. */
export function auditWhere(query: ListAuditQuery): SqlFragment[] {
  const where: SqlFragment[] = [];
  const { action, table, source, changedAt, seq } = query.filters;
  if (query.q) where.push(sql`(a.actor_label ILIKE ${`%${escapeLike(query.q)}%`} OR a.record_id = ${query.q})`);
  if (action) where.push(sql`a.action IN (${action.map((value) => value.toUpperCase())})`);
  if (table) where.push(sql`a.table_name IN (${table})`);
  if (source) where.push(sql`a.source IN (${source})`);
  if (changedAt?.from) where.push(sql`a.changed_at >= ${changedAt.from}::timestamptz`);
  if (changedAt?.before) where.push(sql`a.changed_at < ${changedAt.before}::timestamptz`);
  if (seq?.min) where.push(sql`a.seq >= ${seq.min}::numeric`);
  if (seq?.max) where.push(sql`a.seq <= ${seq.max}::numeric`);
  return where;
}

/** One keyset page of the trail and its honest total (an estimate unfiltered, a capped count filtered). */
export async function findAuditPage(em: EntityManager, query: ListAuditQuery): Promise<AuditListPage> {
  const where = auditWhere(query);
  const [page, total] = await Promise.all([
    findKeysetPage<AuditRow, keyof typeof SORT_COLUMNS>(em, {
      select: sql.raw(
        `a.id, a.seq::text AS seq, a.changed_at, coalesce(a.actor_label, a.changed_by::text) AS actor, a.source, a.action, a.table_name,
         a.record_id, host(a.ip_address) AS ip_address, a.user_agent, a.old_values, a.new_values`,
      ),
      from: FROM,
      where,
      columns: SORT_COLUMNS,
      id: { expr: sql.raw('a.seq'), cast: 'bigint' },
      ...keysetPaging(query, SORT_TYPES, 'integer'),
    }),
    findListTotal(em.fork(), { table: 'audit_trail', from: FROM, where, filtered: isFiltered(query) }),
  ]);
  return { ...page, total };
}

export type FacetOption = { value: string; count: number };
export type AuditFacets = { action: FacetOption[]; table: FacetOption[]; source: FacetOption[] };

/** The values each multi-select offers, with how many entries hold each (over the whole trail). */
export async function findAuditFacets(em: EntityManager): Promise<AuditFacets> {
  const facet = (column: string) =>
    em.execute<Array<{ value: string; count: string }>>(
      `SELECT ${column} AS value, count(*) AS count FROM audit_trail GROUP BY ${column} ORDER BY ${column} LIMIT 200`,
    );
  const [action, table, source] = await Promise.all([facet('action'), facet('table_name'), facet('source')]);
  const options = (rows: Array<{ value: string; count: string }>) => rows.map((row) => ({ value: row.value, count: Number(row.count) }));
  return { action: options(action), table: options(table), source: options(source) };
}
