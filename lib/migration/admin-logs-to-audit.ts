import type pg from 'pg';
import { cleanIp } from '@/lib/audit/audit-context';

type LogRow = { legacy_key: string; action: string | null; logged_at: string | null; data: Record<string, unknown> | null };

/**
 * Legacy admin-log entries become audit-trail entries (source `legacy-log`, timestamped when they
 * happened), appended once each in file order; the rows in legacy_admin_logs stay the lossless copy.
 * Idempotent: an entry already in the trail is not appended again.
 */
export async function appendAdminLogsToAudit(client: pg.Client): Promise<number> {
  const { rows } = await client.query<LogRow>(
    `SELECT l.legacy_key, coalesce(l.action, l.entry_type) AS action, l.logged_at::text AS logged_at, l.data
       FROM legacy_admin_logs l
      WHERE NOT EXISTS (SELECT 1 FROM audit_trail a WHERE a.table_name = 'legacy_admin_logs' AND a.record_id = l.legacy_key)
      ORDER BY l.legacy_position`,
  );
  if (!rows.length) return 0;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  await client.query(
    `INSERT INTO audit_trail (table_name, record_id, action, new_values, actor_label, source, changed_at, ip_address, user_agent)
     SELECT 'legacy_admin_logs', key, left(coalesce(action, 'UNKNOWN'), 20), data, 'legacy admin (X-Admin-Key)', 'legacy-log', at, ip, agent
       FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::inet[], $6::text[]) WITH ORDINALITY
            AS t(key, action, data, at, ip, agent, ordinal)
      ORDER BY ordinal`,
    [
      rows.map((row) => row.legacy_key),
      rows.map((row) => row.action),
      rows.map((row) => JSON.stringify(row.data ?? {})),
      rows.map((row) => row.logged_at),
      rows.map((row) => cleanIp(text(row.data?.ip))),
      rows.map((row) => text(row.data?.userAgent)?.slice(0, 512) ?? null),
    ],
  );
  return rows.length;
}
