import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import { hasPermission, type Permission, type Role } from '@/lib/auth/permissions';
import { PasswordChangeRequired, requireValidSession } from '@/lib/auth/session-validity';
import { AppError } from '@/lib/errors';

export type Actor = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in admin, re-read from the database on every call: a deactivated account or a changed role
 * takes effect on the next request, whatever the session token still says. The server-side session must
 * be valid (lib/auth/session-validity.ts); until a one-time password is replaced only `account:own` passes.
 */
export async function requireActor(em: EntityManager, permission: Permission): Promise<Actor> {
  const session = await requireValidSession(em);
  const user = await findAdminUserById(em, session.adminId);
  if (!user || !user.isActive) throw new AppError('UNAUTHORIZED', 'Your session has ended. Sign in again.');
  if (session.mustChangePassword && permission !== 'account:own') throw new PasswordChangeRequired();
  if (!hasPermission(user.role, permission)) {
    throw new AppError('FORBIDDEN', 'You do not have permission to do this.');
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
