import type { AuditEntryEntity } from './audit-entry.entity';

export type AuditFieldChange = { field: string; before: unknown; after: unknown };

export type AuditEntryDto = {
  id: string;
  seq: number;
  changedAt: string;
  actor: string | null;
  source: string;
  action: string;
  tableName: string;
  recordId: string;
  ipAddress: string | null;
  userAgent: string | null;
  changes: AuditFieldChange[];
};

/** Field-level before/after: every key whose value differs (all keys for inserts, deletes and events). */
export function diffValues(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditFieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  return fields
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}

export function toAuditEntryDto(entry: AuditEntryEntity): AuditEntryDto {
  return {
    id: entry.id,
    seq: entry.seq,
    changedAt: entry.changedAt.toISOString(),
    actor: entry.actorLabel ?? entry.changedBy ?? null,
    source: entry.source,
    action: entry.action,
    tableName: entry.tableName,
    recordId: entry.recordId,
    ipAddress: entry.ipAddress ?? null,
    userAgent: entry.userAgent ?? null,
    changes: diffValues(entry.oldValues ?? null, entry.newValues ?? null),
  };
}
