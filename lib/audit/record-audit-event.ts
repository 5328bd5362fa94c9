import type { EntityManager } from '@mikro-orm/postgresql';
import { cleanIp, type AuditContext } from './audit-context';

export type AuditEvent = {
  action: string;
  tableName: string;
  recordId: string;
  newValues?: Record<string, unknown> | null;
  oldValues?: Record<string, unknown> | null;
};

/** Appends a non-row event (login, export, PII reveal…) to the chain; the trigger hashes it. */
export async function recordAuditEvent(em: EntityManager, event: AuditEvent, context: AuditContext): Promise<void> {
  await em.execute(
    `INSERT INTO audit_trail (table_name, record_id, action, old_values, new_values, changed_by, actor_label,
                              source, ip_address, user_agent)
     VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::inet, ?)`,
    [
      event.tableName,
      event.recordId.slice(0, 255),
      event.action,
      event.oldValues ? JSON.stringify(event.oldValues) : null,
      event.newValues ? JSON.stringify(event.newValues) : null,
      context.actorId ?? null,
      context.actorLabel?.slice(0, 254) ?? null,
      context.source,
      cleanIp(context.ip),
      context.userAgent?.slice(0, 512) ?? null,
    ],
  );
}
