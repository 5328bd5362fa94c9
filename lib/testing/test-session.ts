import { createAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { ownerEm } from './test-orm';

const sessionIds = new Map<string, string>();

/**
 * What a mocked `auth()` returns for an admin in tests that call actions or loaders: the token's admin id
 * and a real server-side session (lib/actor.ts refuses a token without one), created on first use. The
 * session is not held to a password change, as if the one-time password `createAdminUser` gave had been replaced.
 */
export async function testAuthSession(adminId: string | null): Promise<{ user: { id: string }; sessionId: string } | null> {
  if (!adminId) return null;
  let sessionId = sessionIds.get(adminId);
  if (!sessionId) {
    sessionId = await createAdminSession(await ownerEm(), adminId, { ip: null, userAgent: 'vitest' });
    sessionIds.set(adminId, sessionId);
  }
  return { user: { id: adminId }, sessionId };
}
