import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAdminSessionState, touchAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { AppError } from '@/lib/errors';
import { auth } from './next-auth';

export type ValidSession = { adminId: string; sessionId: string; mustChangePassword: boolean };

const ENDED = 'Your session has ended. Sign in again.';

/**
 * The session record behind a token (decision 056): refused when revoked (sign-out), idle for 30 minutes,
 * older than 8 hours, issued before the account's last password or role change, or for an inactive
 * account. One primary-key lookup; last-seen is written at most once a minute.
 */
export async function checkAdminSession(em: EntityManager, token: { adminId: string; sessionId: string | undefined }): Promise<ValidSession> {
  if (!token.sessionId) throw new AppError('UNAUTHORIZED', ENDED);
  const state = await findAdminSessionState(em, token.sessionId);
  if (!state || !state.valid || state.adminId !== token.adminId) throw new AppError('UNAUTHORIZED', ENDED);
  if (state.stale) await touchAdminSession(em, token.sessionId);
  return { adminId: state.adminId, sessionId: token.sessionId, mustChangePassword: state.mustChangePassword };
}

/** The signed-in admin's valid session, or UNAUTHORIZED. */
export async function requireValidSession(em: EntityManager): Promise<ValidSession> {
  const session = await auth();
  if (!session?.user?.id) throw new AppError('UNAUTHORIZED', ENDED);
  return checkAdminSession(em, { adminId: session.user.id, sessionId: session.sessionId });
}

/** Thrown while a one-time password has not been replaced: the session may only change it (lib/page.ts redirects). */
export class PasswordChangeRequired extends AppError {
  constructor() {
    super('FORBIDDEN', 'Choose a new password first: the one you signed in with was a one-time password.');
  }
}
