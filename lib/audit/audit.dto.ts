import type { JsonValue } from '@/lib/legacy/canonical-json';
import { maskSealedPii } from '@/lib/migration/sealed-pii';
import type { AuditRow } from './audit.repository';

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

/**
 * Field-level before/after: every key whose value differs (all keys for inserts, deletes and events).
 * Phone numbers sealed inside legacy JSON (decision 064) are compared as stored and shown as their mask.
 */
export function diffValues(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditFieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  return fields
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after))
    .map((change) => ({ field: change.field, before: maskSealedPii(change.before as JsonValue), after: maskSealedPii(change.after as JsonValue) }));
}

export function toAuditEntryDto(row: AuditRow): AuditEntryDto {
  return {
    id: row.id,
    seq: Number(row.seq),
    changedAt: new Date(row.changed_at).toISOString(),
    actor: row.actor,
    source: row.source,
    action: row.action,
    tableName: row.table_name,
    recordId: row.record_id,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    changes: diffValues(row.old_values, row.new_values),
  };
}
