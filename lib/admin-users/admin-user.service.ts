import type { EntityManager } from '@mikro-orm/postgresql';
import { reauthenticateAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { revokeAllApiTokensOf } from '@/lib/api-tokens/api-token.service';
import { AppError } from '@/lib/errors';
import { generatePassword, hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { AdminUser, type AdminUserEntity } from './admin-user.entity';
import { countActiveSuperAdmins, findAdminUserById } from './admin-user.repository';
import type { ChangeAdminRoleInput, ChangeOwnPasswordInput, CreateAdminUserInput, ResetAdminPasswordInput, SetAdminActiveInput } from './admin-user.schemas';

type Actor = { id: string };

/** Creates an account with a one-time password, returned once and never stored in clear, to be changed at first sign-in. */
export async function createAdminUser(em: EntityManager, input: CreateAdminUserInput): Promise<{ user: AdminUserEntity; oneTimePassword: string }> {
  if (await em.count(AdminUser, { email: input.email })) {
    throw new AppError('CONFLICT', 'An admin user with this email already exists.', {
      email: ['An admin user with this email already exists.'],
    });
  }
  const oneTimePassword = generatePassword();
  const user = em.create(AdminUser, { ...input, passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true });
  await em.flush();
  return { user, oneTimePassword };
}

export async function getAdminUserOrThrow(em: EntityManager, id: string): Promise<AdminUserEntity> {
  const user = await findAdminUserById(em, id);
  if (!user) throw new AppError('NOT_FOUND', 'Admin user not found.');
  return user;
}

/** The last active super admin can neither be demoted nor deactivated: nobody could manage admins. */
async function assertNotLastSuperAdmin(em: EntityManager, user: AdminUserEntity): Promise<void> {
  if (user.role === 'super_admin' && user.isActive && (await countActiveSuperAdmins(em)) <= 1) {
    throw new AppError('CONFLICT', 'This is the last active super admin; promote another admin first.');
  }
}

export async function changeAdminRole(em: EntityManager, actor: Actor, input: ChangeAdminRoleInput): Promise<AdminUserEntity> {
  const user = await getAdminUserOrThrow(em, input.id);
  if (user.role === input.role) return user;
  if (user.id === actor.id) throw new AppError('FORBIDDEN', 'You cannot change your own role.');
  await assertNotLastSuperAdmin(em, user);
  user.role = input.role;
  user.roleChangedAt = new Date(); // ends the account's sessions: the new role starts with a fresh sign-in
  await em.flush();
  return user;
}

export async function setAdminActive(em: EntityManager, actor: Actor, input: SetAdminActiveInput): Promise<AdminUserEntity> {
  const user = await getAdminUserOrThrow(em, input.id);
  if (user.isActive === input.isActive) return user;
  if (user.id === actor.id) throw new AppError('FORBIDDEN', 'You cannot deactivate your own account.');
  if (!input.isActive) await assertNotLastSuperAdmin(em, user);
  user.isActive = input.isActive;
  await em.flush();
  return user;
}

/**
 * Replaces the password with a new one-time password (to be changed at the next sign-in), clears any lock,
 * ends the account's sessions (their sign-in predates `passwordChangedAt`) and revokes its API tokens.
 */
export async function resetAdminPassword(em: EntityManager, input: ResetAdminPasswordInput): Promise<{ user: AdminUserEntity; oneTimePassword: string }> {
  const user = await getAdminUserOrThrow(em, input.id);
  const oneTimePassword = generatePassword();
  user.passwordHash = await hashPassword(oneTimePassword);
  user.passwordChangedAt = new Date();
  user.mustChangePassword = true;
  user.failedLoginCount = 0;
  user.lockedUntil = null;
  await em.flush();
  await revokeAllApiTokensOf(em, user.id);
  return { user, oneTimePassword };
}

/**
 * The signed-in admin replaces their own password; the current one must be given (a session left open
 * on a shared screen is not enough). A wrong current password is a field error, not an exception. Every
 * other session of the account ends; the one that made the change (`sessionId`) stays signed in.
 */
export async function changeOwnPassword(
  em: EntityManager,
  actor: Actor,
  input: ChangeOwnPasswordInput,
  sessionId?: string,
): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string[]> }> {
  const user = await getAdminUserOrThrow(em, actor.id);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: ['The current password is not right.'] } };
  }
  user.passwordHash = await hashPassword(input.newPassword);
  user.passwordChangedAt = new Date();
  user.mustChangePassword = false;
  await em.flush();
  if (sessionId) await reauthenticateAdminSession(em, sessionId);
  return { ok: true };
}

/**
 * Creates the first super admin when none exists. With no configured password a random one-time password
 * is generated (to be changed at first sign-in) and returned so the caller can hand it over once; there is
 * no fixed default password. A configured ADMIN_PASSWORD is the operator's choice and is not forced.
 */
export async function ensureInitialSuperAdmin(
  em: EntityManager,
  { email, password }: { email: string; password?: string },
): Promise<{ created: false } | { created: true; email: string; generatedPassword?: string }> {
  if (await em.count(AdminUser, { role: 'super_admin' })) return { created: false };
  const generatedPassword = password ? undefined : generatePassword();
  em.create(AdminUser, {
    email: email.toLowerCase(),
    name: 'Super admin',
    role: 'super_admin',
    passwordHash: await hashPassword(password ?? generatedPassword!),
    mustChangePassword: !password,
  });
  await em.flush();
  return { created: true, email: email.toLowerCase(), generatedPassword };
}
