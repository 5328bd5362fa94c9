import { setTimeout as wait } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasMfaEnabled } from '@/lib/admin-mfa/admin-mfa.service';
import { createAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { findAdminUserByEmail, registerFailedLogin, registerSuccessfulLogin } from '@/lib/admin-users/admin-user.repository';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { checkLoginThrottle, recordLoginFailure, recordLoginSuccess } from './login-throttle';
import type { Role } from './permissions';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import type { LoginInput } from './login.schemas';

export type AuthenticatedAdmin = { id: string; email: string; name: string; role: Role; sessionId: string };
/** One refusal for every failure (wrong password, unknown or inactive account, throttled client): nothing to tell apart. */
export type AuthenticationResult = { ok: true; admin: AuthenticatedAdmin } | { ok: false; reason: 'invalid' };

type RequestInfo = { ip: string | null; userAgent: string | null };
type Options = { sleep?: (ms: number) => Promise<unknown> };

/**
 * Checks credentials under the login throttle (lib/auth/login-throttle.ts) and opens a server-side
 * session. Every attempt runs exactly one argon2 verification (a dummy one when there is no account to
 * check or the client is throttled), so response time does not tell the cases apart; it runs outside any
 * transaction, after the account was read, so slow or bogus logins never hold a pooled connection. The
 * counters and the audit event are then written in one short transaction.
 */
export async function authenticate(
  em: EntityManager,
  { email, password }: LoginInput,
  request: RequestInfo,
  { sleep = wait }: Options = {},
): Promise<AuthenticationResult> {
  const throttle = await checkLoginThrottle(request.ip, email);
  if (throttle.delayMs) await sleep(throttle.delayMs);

  const user = await findAdminUserByEmail(em, email);
  const candidate = user?.isActive && !throttle.refused ? user : null;
  let passwordMatches = false;
  if (candidate) passwordMatches = await verifyPassword(candidate.passwordHash, password);
  else await verifyAgainstDummy(password);

  const context = { source: 'admin-ui' as const, actorLabel: email, ...request };
  return em.fork().transactional(async (tx) => {
    if (!user || !user.isActive) {
      await recordLoginFailure(request.ip, email);
      await recordAuditEvent(
        tx,
        {
          action: throttle.refused ? 'LOGIN_LOCKED' : 'LOGIN_FAILED',
          tableName: 'admin_users',
          recordId: email,
          newValues: { reason: user ? 'inactive' : 'unknown-email' },
        },
        context,
      );
      return { ok: false, reason: 'invalid' };
    }

    const actor = { ...context, actorId: user.id };
    if (throttle.refused) {
      await recordAuditEvent(
        tx,
        { action: 'LOGIN_LOCKED', tableName: 'admin_users', recordId: user.id, newValues: { reason: 'too-many-failures-from-client' } },
        actor,
      );
      return { ok: false, reason: 'invalid' };
    }

    if (!passwordMatches) {
      await recordLoginFailure(request.ip, email);
      const state = await registerFailedLogin(tx, user.id);
      await recordAuditEvent(
        tx,
        {
          action: 'LOGIN_FAILED',
          tableName: 'admin_users',
          recordId: user.id,
          newValues: { reason: 'wrong-password', failedLoginCount: state.failedLoginCount, delayedMs: throttle.delayMs },
        },
        actor,
      );
      return { ok: false, reason: 'invalid' };
    }

    await recordLoginSuccess(request.ip, email);
    await registerSuccessfulLogin(tx, user.id);
    const mfaPending = await hasMfaEnabled(tx, user.id);
    const sessionId = await createAdminSession(tx, user.id, request, { mustChangePassword: user.mustChangePassword, mfaPending });
    await recordAuditEvent(tx, { action: 'LOGIN', tableName: 'admin_users', recordId: user.id, newValues: { sessionId, mfaPending } }, actor);
    return { ok: true, admin: { id: user.id, email: user.email, name: user.name, role: user.role, sessionId } };
  });
}
