import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { cleanIp, KNEX_PLACEHOLDER, PG_PLACEHOLDER, type AuditContext, type Placeholder } from './audit-context';

export type AuditEvent = {
  action: string;
  tableName: string;
  recordId: string;
  newValues?: Record<string, unknown> | null;
  oldValues?: Record<string, unknown> | null;
};

const insertEventSql = (param: Placeholder) =>
  `INSERT INTO audit_trail (table_name, record_id, action, old_values, new_values, changed_by, actor_label,
                            source, ip_address, user_agent)
   VALUES (${param(1)}, ${param(2)}, ${param(3)}, ${param(4)}::jsonb, ${param(5)}::jsonb, ${param(6)}::uuid, ${param(7)}, ${param(8)}, ${param(9)}::inet, ${param(10)})`;

function eventValues(event: AuditEvent, context: AuditContext): unknown[] {
  return [
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
  ];
}

/** Appends a non-row event (login, export, PII reveal…) to the chain; the trigger hashes it. */
export async function recordAuditEvent(em: EntityManager, event: AuditEvent, context: AuditContext): Promise<void> {
  await em.execute(insertEventSql(KNEX_PLACEHOLDER), eventValues(event, context));
}

/** `recordAuditEvent` on a raw client, inside the transaction whose writes the event describes. */
export async function recordClientAuditEvent(client: pg.ClientBase, event: AuditEvent, context: AuditContext): Promise<void> {
  await client.query(insertEventSql(PG_PLACEHOLDER), eventValues(event, context));
}
