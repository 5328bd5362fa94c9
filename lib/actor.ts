import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import { hasPermission, type Permission, type Role } from '@/lib/auth/permissions';
import { assertSessionAllows, requireValidSession } from '@/lib/auth/session-validity';
import { AppError } from '@/lib/errors';

export type Actor = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in admin, re-read from the database on every call: a deactivated account or a changed role
 * takes effect on the next request, whatever the session token still says. The server-side session must
 * be valid and owe no step (second factor, one-time password, required enrolment: lib/auth/session-validity.ts).
 */
export async function requireActor(em: EntityManager, permission: Permission): Promise<Actor> {
  const session = await requireValidSession(em);
  const user = await findAdminUserById(em, session.adminId);
  if (!user || !user.isActive) throw new AppError('UNAUTHORIZED', 'Your session has ended. Sign in again.');
  assertSessionAllows(session, permission);
  if (!hasPermission(user.role, permission)) {
    throw new AppError('FORBIDDEN', 'You do not have permission to do this.');
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
