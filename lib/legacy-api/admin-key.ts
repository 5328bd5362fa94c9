import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';

export const ADMIN_KEY_HEADER = 'x-admin-key';
export const DEVELOPMENT_ADMIN_KEY = 'development-admin-key';

export type AdminKeyCheck = 'absent' | 'valid' | 'invalid';

/**
 * The key the legacy server compared `X-Admin-Key` with: `ADMIN_SECRET_KEY`, or the documented
 * development default when it is unset. In production an unset key accepts nothing, so a forgotten
 * variable locks the admin routes instead of opening them with a published default.
 */
export function expectedAdminKey(config = env()): string | null {
  if (config.ADMIN_SECRET_KEY) return config.ADMIN_SECRET_KEY;
  return config.NODE_ENV === 'production' ? null : DEVELOPMENT_ADMIN_KEY;
}

// Both sides are hashed first: timingSafeEqual needs equal lengths, and comparing digests leaks neither the length nor a prefix.
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function checkAdminKey(headers: Headers, config = env()): AdminKeyCheck {
  const given = headers.get(ADMIN_KEY_HEADER);
  if (given === null || given === '') return 'absent';
  const expected = expectedAdminKey(config);
  if (expected === null) return 'invalid';
  return timingSafeEqual(digest(given), digest(expected)) ? 'valid' : 'invalid';
}
