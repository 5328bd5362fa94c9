import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/** `api-token`: an `apiRoute` call authenticated by a personal API token (the label names the token). */
export const AUDIT_SOURCES = ['admin-ui', 'api-token', 'legacy-api', 'migration', 'legacy-log', 'system', 'cli', 'sync'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

export type AuditContext = {
  actorId?: string | null;
  actorLabel?: string | null;
  source: AuditSource;
  ip?: string | null;
  userAgent?: string | null;
};

/** Who the row entries name when the sync worker brings the legacy server's own edits in from its files. */
export const LEGACY_SYNC_CONTEXT: AuditContext = { source: 'sync', actorLabel: 'legacy server, via sync' };

const USER_AGENT_MAX = 512;

/** An IP the `inet` column accepts, or null: a forged header must never abort the transaction. */
export function cleanIp(raw: string | null | undefined): string | null {
  const candidate = raw?.split(',')[0]?.trim() ?? '';
  return isIP(candidate) ? candidate : null;
}

/** Knex (`?`) and pg (`$n`) spell parameters differently; the statement is the same. */
export type Placeholder = (position: number) => string;
export const KNEX_PLACEHOLDER: Placeholder = () => '?';
export const PG_PLACEHOLDER: Placeholder = (position) => `$${position}`;

const setAuditContextSql = (param: Placeholder) =>
  `SELECT set_config('pend.actor_id', ${param(1)}, true), set_config('pend.actor_label', ${param(2)}, true),
          set_config('pend.source', ${param(3)}, true), set_config('pend.ip', ${param(4)}, true), set_config('pend.user_agent', ${param(5)}, true)`;

function auditContextValues(context: AuditContext): string[] {
  return [context.actorId ?? '', context.actorLabel ?? '', context.source, cleanIp(context.ip) ?? '', (context.userAgent ?? '').slice(0, USER_AGENT_MAX)];
}

/**
 * Sets the transaction-local settings the audit triggers read. Must run inside the transaction whose
 * writes it describes (`set_config(..., true)` lasts until that transaction ends).
 */
export async function setAuditContext(em: EntityManager, context: AuditContext): Promise<void> {
  await em.execute(setAuditContextSql(KNEX_PLACEHOLDER), auditContextValues(context));
}

/** `setAuditContext` for a raw client (COPY-based writes); call it after BEGIN. */
export async function setClientAuditContext(client: pg.ClientBase, context: AuditContext): Promise<void> {
  await client.query(setAuditContextSql(PG_PLACEHOLDER), auditContextValues(context));
}
