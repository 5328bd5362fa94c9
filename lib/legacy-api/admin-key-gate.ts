import 'server-only';
import type { NextRequest } from 'next/server';
import { requestInfoFrom } from '@/lib/request-info';
import { checkAdminKey, type AdminKeyCheck } from './admin-key';
import { recordAuthAttempt } from './auth-audit';
import { LEGACY_SERVER_ACTOR_LABEL } from './legacy-server-credential';
import { consumeRateLimit, rateLimitHeaders } from './rate-limit';

export type AdminKeyGate = { check: AdminKeyCheck } | { refused: Response };

/**
 * The `X-Admin-Key` check for a route outside the legacy wrapper (the migration status monitors read):
 * the same per-client rate limit and the same audit rows (ADMIN_ACCESS / ADMIN_AUTH_FAILED) as the
 * legacy routes, so guessing the key here is no cheaper or quieter than there. A request without a
 * key is neither counted nor audited: it goes on to the session check.
 */
export async function gateAdminKey(request: NextRequest): Promise<AdminKeyGate> {
  const check = checkAdminKey(request.headers);
  if (check === 'absent') return { check };
  const info = requestInfoFrom(request.headers);
  const rate = await consumeRateLimit(info.ip ?? 'unknown');
  if (!rate.allowed) {
    return { refused: Response.json({ error: 'Too many requests, please try again later.' }, { status: 429, headers: rateLimitHeaders(rate) }) };
  }
  const path = new URL(request.url).pathname;
  recordAuthAttempt({
    action: check === 'valid' ? 'ADMIN_ACCESS' : 'ADMIN_AUTH_FAILED',
    method: request.method,
    path,
    reason: check === 'valid' ? undefined : 'invalid key',
    context: { source: 'legacy-api', actorLabel: check === 'valid' ? LEGACY_SERVER_ACTOR_LABEL : 'legacy api', ...info },
    attemptedAt: new Date().toISOString(),
  });
  if (check === 'invalid') return { refused: Response.json({ error: 'Unauthorized: invalid admin key' }, { status: 401 }) };
  return { check };
}
