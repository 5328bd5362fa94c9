import type { EntityManager } from '@mikro-orm/postgresql';
import { clearExpiredLock, findAdminUserByEmail, registerFailedLogin, registerSuccessfulLogin } from '@/lib/admin-users/admin-user.repository';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Role } from './permissions';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import type { LoginInput } from './login.schemas';

export type AuthenticatedAdmin = { id: string; email: string; name: string; role: Role };
export type AuthenticationResult = { ok: true; admin: AuthenticatedAdmin } | { ok: false; reason: 'invalid' | 'locked' };

type RequestInfo = { ip: string | null; userAgent: string | null };

/**
 * Checks credentials and applies the lockout rule (5 failures lock the account for 15 minutes; while
 * locked even the right password is refused). Every outcome is written to the audit trail.
 */
export async function authenticate(em: EntityManager, { email, password }: LoginInput, request: RequestInfo): Promise<AuthenticationResult> {
  return em.transactional(async (tx) => {
    const context = { source: 'admin-ui' as const, actorLabel: email, ...request };
    const user = await findAdminUserByEmail(tx, email);

    if (!user || !user.isActive) {
      await verifyAgainstDummy(password);
      await recordAuditEvent(
        tx,
        { action: 'LOGIN_FAILED', tableName: 'admin_users', recordId: email, newValues: { reason: user ? 'inactive' : 'unknown-email' } },
        context,
      );
      return { ok: false, reason: 'invalid' };
    }

    const actor = { ...context, actorId: user.id };
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      await recordAuditEvent(
        tx,
        { action: 'LOGIN_LOCKED', tableName: 'admin_users', recordId: user.id, newValues: { lockedUntil: user.lockedUntil.toISOString() } },
        actor,
      );
      return { ok: false, reason: 'locked' };
    }
    if (user.lockedUntil) await clearExpiredLock(tx, user.id);

    if (!(await verifyPassword(user.passwordHash, password))) {
      const state = await registerFailedLogin(tx, user.id);
      await recordAuditEvent(
        tx,
        {
          action: 'LOGIN_FAILED',
          tableName: 'admin_users',
          recordId: user.id,
          newValues: { reason: 'wrong-password', failedLoginCount: state.failedLoginCount },
        },
        actor,
      );
      if (state.lockedUntil) {
        await recordAuditEvent(
          tx,
          { action: 'ACCOUNT_LOCKED', tableName: 'admin_users', recordId: user.id, newValues: { lockedUntil: state.lockedUntil.toISOString() } },
          actor,
        );
      }
      return { ok: false, reason: 'invalid' };
    }

    await registerSuccessfulLogin(tx, user.id);
    await recordAuditEvent(tx, { action: 'LOGIN', tableName: 'admin_users', recordId: user.id }, actor);
    return { ok: true, admin: { id: user.id, email: user.email, name: user.name, role: user.role } };
  });
}
