import type { EntityManager } from '@mikro-orm/postgresql';
import { cleanIp } from '@/lib/audit/audit-context';

/**
 * Server-side session records (decision 056). Plain SQL on purpose: the table is read on every
 * authenticated request, and every rule is a comparison against the database clock.
 */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 8;

export type AdminSessionState = {
  adminId: string;
  valid: boolean;
  stale: boolean;
  mustChangePassword: boolean;
  mfaPending: boolean;
  mfaEnrolmentRequired: boolean;
};

/** A session signed in with a one-time password (`mustChangePassword`) may only change it (lib/actor.ts). */
export async function createAdminSession(
  em: EntityManager,
  adminId: string,
  request: { ip: string | null; userAgent: string | null },
  { mustChangePassword = false, mfaPending = false }: { mustChangePassword?: boolean; mfaPending?: boolean } = {},
): Promise<string> {
  const [row] = await em.execute<Array<{ id: string }>>(
    `INSERT INTO admin_sessions (admin_id, must_change_password, mfa_pending, ip_address, user_agent) VALUES (?, ?, ?, ?::inet, ?) RETURNING id`,
    [adminId, mustChangePassword, mfaPending, cleanIp(request.ip), request.userAgent?.slice(0, 512) ?? null],
  );
  return row.id;
}

/**
 * One primary-key lookup: whether the session may still act (not revoked, active in the last 30 minutes,
 * younger than 8 hours, signed in after the last password and role change, account active), whether its
 * last-seen time is older than a minute (worth refreshing), and the steps it still owes: a password
 * change, the second factor, or enrolling one when the role requires it (`mfa.required_roles` setting,
 * else `requiredRoles` from the environment).
 */
export async function findAdminSessionState(em: EntityManager, sessionId: string, requiredRoles: readonly string[]): Promise<AdminSessionState | null> {
  const [row] = await em.execute<
    Array<{ admin_id: string; valid: boolean; stale: boolean; must_change_password: boolean; mfa_pending: boolean; mfa_enrolment_required: boolean }>
  >(
    `SELECT s.admin_id, s.must_change_password, s.mfa_pending,
            (s.revoked_at IS NULL
             AND s.last_seen_at > now() - make_interval(mins => ?)
             AND s.created_at > now() - make_interval(hours => ?)
             AND s.authenticated_at >= u.password_changed_at
             AND s.authenticated_at >= u.role_changed_at
             AND u.is_active) AS valid,
            s.last_seen_at < now() - interval '1 minute' AS stale,
            (m.enabled_at IS NULL AND u.role IN (
               SELECT jsonb_array_elements_text(COALESCE((SELECT value FROM app_settings WHERE key = 'mfa.required_roles'), ?::jsonb))
             )) AS mfa_enrolment_required
       FROM admin_sessions s
       JOIN admin_users u ON u.id = s.admin_id
       LEFT JOIN admin_mfa m ON m.admin_id = s.admin_id
      WHERE s.id = ?`,
    [SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, JSON.stringify(requiredRoles), sessionId],
  );
  return row
    ? {
        adminId: row.admin_id,
        valid: row.valid,
        stale: row.stale,
        mustChangePassword: row.must_change_password,
        mfaPending: row.mfa_pending,
        mfaEnrolmentRequired: row.mfa_enrolment_required,
      }
    : null;
}

export async function touchAdminSession(em: EntityManager, sessionId: string): Promise<void> {
  await em.execute(`UPDATE admin_sessions SET last_seen_at = now() WHERE id = ?`, [sessionId]);
}

export async function revokeAdminSession(em: EntityManager, sessionId: string): Promise<void> {
  await em.execute(`UPDATE admin_sessions SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL`, [sessionId]);
}

/**
 * The session that just set a new password stays valid (and is no longer held to the password change);
 * every other session of the account predates the change and ends. clock_timestamp(), not now(): the
 * change was stamped after this transaction began.
 */
export async function reauthenticateAdminSession(em: EntityManager, sessionId: string): Promise<void> {
  await em.execute(`UPDATE admin_sessions SET authenticated_at = clock_timestamp(), must_change_password = false WHERE id = ?`, [sessionId]);
}
