import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAdminSessionState, touchAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { auth } from './next-auth';
import type { Permission } from './permissions';

export type ValidSession = { adminId: string; sessionId: string; mustChangePassword: boolean; mfaPending: boolean; mfaEnrolmentRequired: boolean };

const ENDED = 'Your session has ended. Sign in again.';

/**
 * The session record behind a token (decision 056): refused when revoked (sign-out), idle for 30 minutes,
 * older than 8 hours, issued before the account's last password or role change, or for an inactive
 * account. One primary-key lookup; last-seen is written at most once a minute.
 */
export async function checkAdminSession(em: EntityManager, token: { adminId: string; sessionId: string | undefined }): Promise<ValidSession> {
  if (!token.sessionId) throw new AppError('UNAUTHORIZED', ENDED);
  const state = await findAdminSessionState(em, token.sessionId, env().MFA_REQUIRED_ROLES);
  if (!state || !state.valid || state.adminId !== token.adminId) throw new AppError('UNAUTHORIZED', ENDED);
  if (state.stale) await touchAdminSession(em, token.sessionId);
  return {
    adminId: state.adminId,
    sessionId: token.sessionId,
    mustChangePassword: state.mustChangePassword,
    mfaPending: state.mfaPending,
    mfaEnrolmentRequired: state.mfaEnrolmentRequired,
  };
}

/** The signed-in admin's valid session, or UNAUTHORIZED. */
export async function requireValidSession(em: EntityManager): Promise<ValidSession> {
  const session = await auth();
  if (!session?.user?.id) throw new AppError('UNAUTHORIZED', ENDED);
  return checkAdminSession(em, { adminId: session.user.id, sessionId: session.sessionId });
}

/** A step the session owes before anything else; pages redirect to `path` (lib/page.ts), actions and routes answer 403. */
export class SessionStepRequired extends AppError {
  constructor(
    readonly path: '/login/verify' | '/change-password' | '/account/security',
    message: string,
  ) {
    super('FORBIDDEN', message);
  }
}

/**
 * In order: the second factor of this sign-in; then a one-time password to replace and a required second
 * factor to enrol, during which only the admin's own account (`account:own`) is reachable.
 */
export function assertSessionAllows(session: ValidSession, permission: Permission): void {
  if (session.mfaPending) throw new SessionStepRequired('/login/verify', 'Enter the code from your authenticator app first.');
  if (permission === 'account:own') return;
  if (session.mustChangePassword) {
    throw new SessionStepRequired('/change-password', 'Choose a new password first: the one you signed in with was a one-time password.');
  }
  if (session.mfaEnrolmentRequired) throw new SessionStepRequired('/account/security', 'Set up two-step sign-in first: your role requires it.');
}
