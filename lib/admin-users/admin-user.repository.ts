import type { EntityManager } from '@mikro-orm/postgresql';
import { AdminUser, type AdminUserEntity } from './admin-user.entity';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export function findAdminUserByEmail(em: EntityManager, email: string): Promise<AdminUserEntity | null> {
  return em.findOne(AdminUser, { email });
}

export function findAdminUserById(em: EntityManager, id: string): Promise<AdminUserEntity | null> {
  return em.findOne(AdminUser, { id });
}

export function findAllAdminUsers(em: EntityManager): Promise<AdminUserEntity[]> {
  return em.find(AdminUser, {}, { orderBy: { email: 'asc' } });
}

export function countActiveSuperAdmins(em: EntityManager): Promise<number> {
  return em.count(AdminUser, { role: 'super_admin', isActive: true });
}

/**
 * Counts one failed login atomically (concurrent attempts cannot both read 4 and write 5) and locks
 * the account when the count reaches the threshold. Returns the state after the update.
 */
export async function registerFailedLogin(em: EntityManager, id: string): Promise<{ failedLoginCount: number; lockedUntil: Date | null }> {
  const [row] = await em.execute<Array<{ failed_login_count: number; locked_until: string | null }>>(
    `UPDATE admin_users
        SET failed_login_count = failed_login_count + 1,
            locked_until = CASE WHEN failed_login_count + 1 >= ? THEN now() + make_interval(mins => ?) ELSE locked_until END
      WHERE id = ?
  RETURNING failed_login_count, locked_until`,
    [LOCK_AFTER_FAILURES, LOCK_MINUTES, id],
  );
  return { failedLoginCount: row.failed_login_count, lockedUntil: row.locked_until ? new Date(row.locked_until) : null };
}

export async function registerSuccessfulLogin(em: EntityManager, id: string): Promise<void> {
  await em.execute(`UPDATE admin_users SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = ?`, [id]);
}

/** Clears an expired lock so the next failures count from zero again. */
export async function clearExpiredLock(em: EntityManager, id: string): Promise<void> {
  await em.execute(`UPDATE admin_users SET failed_login_count = 0, locked_until = NULL WHERE id = ? AND locked_until <= now()`, [id]);
}
