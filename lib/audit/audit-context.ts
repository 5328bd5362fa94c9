import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';

export const AUDIT_SOURCES = ['admin-ui', 'legacy-api', 'migration', 'legacy-log', 'system', 'cli'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

export type AuditContext = {
  actorId?: string | null;
  actorLabel?: string | null;
  source: AuditSource;
  ip?: string | null;
  userAgent?: string | null;
};

const USER_AGENT_MAX = 512;

/** An IP the `inet` column accepts, or null: a forged header must never abort the transaction. */
export function cleanIp(raw: string | null | undefined): string | null {
  const candidate = raw?.split(',')[0]?.trim() ?? '';
  return isIP(candidate) ? candidate : null;
}

/**
 * Sets the transaction-local settings the audit triggers read. Must run inside the transaction whose
 * writes it describes (`set_config(..., true)` lasts until that transaction ends).
 */
export async function setAuditContext(em: EntityManager, context: AuditContext): Promise<void> {
  await em.execute(
    `SELECT set_config('pend.actor_id', ?, true), set_config('pend.actor_label', ?, true),
            set_config('pend.source', ?, true), set_config('pend.ip', ?, true), set_config('pend.user_agent', ?, true)`,
    [
      context.actorId ?? '',
      context.actorLabel ?? '',
      context.source,
      cleanIp(context.ip) ?? '',
      (context.userAgent ?? '').slice(0, USER_AGENT_MAX),
    ],
  );
}
