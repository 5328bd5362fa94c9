import type { EntityManager } from '@mikro-orm/postgresql';
import { AdminUser, type AdminUserEntity } from './admin-user.entity';

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
 * Counts one failed login atomically, for the audit trail and the admin list. It locks nothing: the
 * login throttle (lib/auth/login-throttle.ts) slows and refuses attackers per client, so an attacker
 * cannot keep the owner out (decision 056).
 */
export async function registerFailedLogin(em: EntityManager, id: string): Promise<{ failedLoginCount: number }> {
  const [row] = await em.execute<Array<{ failed_login_count: number }>>(
    `UPDATE admin_users SET failed_login_count = failed_login_count + 1 WHERE id = ? RETURNING failed_login_count`,
    [id],
  );
  return { failedLoginCount: row.failed_login_count };
}

export async function registerSuccessfulLogin(em: EntityManager, id: string): Promise<void> {
  await em.execute(`UPDATE admin_users SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = ?`, [id]);
}
