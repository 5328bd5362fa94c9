import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { AuditEntry, type AuditEntryEntity } from './audit-entry.entity';
import type { ListAuditQuery } from './audit.schemas';

export type AuditPage = { entries: AuditEntryEntity[]; nextBefore: number | null };

/** Newest first, keyset-paged on `seq` (no OFFSET, no COUNT over the whole trail). */
export async function findAuditEntries(em: EntityManager, query: ListAuditQuery): Promise<AuditPage> {
  const where: FilterQuery<AuditEntryEntity> = {};
  if (query.actor) where.actorLabel = { $ilike: `%${escapeLike(query.actor)}%` };
  if (query.table) where.tableName = query.table;
  if (query.action) where.action = query.action.toUpperCase();
  if (query.from || query.to) {
    where.changedAt = {
      ...(query.from ? { $gte: new Date(`${query.from}T00:00:00Z`) } : {}),
      ...(query.to ? { $lt: new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
    };
  }
  if (query.before) where.seq = { $lt: query.before };
  const rows = await em.find(AuditEntry, where, { orderBy: { seq: 'desc' }, limit: query.pageSize + 1 });
  const entries = rows.slice(0, query.pageSize);
  return { entries, nextBefore: rows.length > query.pageSize ? entries.at(-1)!.seq : null };
}

export async function findAuditFilterOptions(em: EntityManager): Promise<{ tables: string[]; actions: string[] }> {
  const [tables, actions] = await Promise.all([
    em.execute<Array<{ value: string }>>('SELECT DISTINCT table_name AS value FROM audit_trail ORDER BY 1 LIMIT 200'),
    em.execute<Array<{ value: string }>>('SELECT DISTINCT action AS value FROM audit_trail ORDER BY 1 LIMIT 200'),
  ]);
  return { tables: tables.map((row) => row.value), actions: actions.map((row) => row.value) };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
