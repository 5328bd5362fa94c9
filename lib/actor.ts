import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import { auth } from '@/lib/auth/next-auth';
import { hasPermission, type Permission, type Role } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';

export type Actor = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in admin, re-read from the database on every call: a deactivated account or a changed role
 * takes effect on the next request, whatever the session token still says.
 */
export async function requireActor(em: EntityManager, permission: Permission): Promise<Actor> {
  const session = await auth();
  if (!session?.user?.id) throw new AppError('UNAUTHORIZED', 'Your session has ended. Sign in again.');
  const user = await findAdminUserById(em, session.user.id);
  if (!user || !user.isActive) throw new AppError('UNAUTHORIZED', 'Your session has ended. Sign in again.');
  if (!hasPermission(user.role, permission)) {
    throw new AppError('FORBIDDEN', 'You do not have permission to do this.');
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
