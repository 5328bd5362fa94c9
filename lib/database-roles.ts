import { createHmac } from 'node:crypto';
import type { Env } from '@/lib/env';

/** The read-only reporting role (NOLOGIN: grant it to an auditor's own login). */
export const AUDITOR_ROLE = 'pend_auditor';

/**
 * The application login's password: an HMAC of the role name keyed by the owner's password, so
 * `db:migrate` (which sets it) and the app (which logs in with it) derive the same value from the one
 * secret they already share, and knowing it gives nothing towards the owner's. An owner URL without a
 * password (trust, peer or certificate authentication) gives the app login no password either: it then
 * authenticates the way the owner does, or is given `DATABASE_APP_URL`.
 */
export function appLoginPassword(ownerUrl: string, role: string): string | null {
  const ownerPassword = decodeURIComponent(new URL(ownerUrl).password);
  if (!ownerPassword) return null;
  return createHmac('sha256', ownerPassword).update(`pend-database-app-login:v1:${role}`).digest('base64url');
}

/**
 * Where the app connects: `DATABASE_APP_URL` when given for `DATABASE_URL`'s database, else the owner's
 * server and database as the `DATABASE_APP_ROLE` login; with `DATABASE_APP_ROLE=""` the owner itself
 * (no role separation).
 */
export function appDatabaseUrl(ownerUrl: string, config: Pick<Env, 'DATABASE_URL' | 'DATABASE_APP_URL' | 'DATABASE_APP_ROLE'>): string {
  if (config.DATABASE_APP_URL && ownerUrl === config.DATABASE_URL) return config.DATABASE_APP_URL;
  const role = config.DATABASE_APP_ROLE;
  if (!role) return ownerUrl;
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = appLoginPassword(ownerUrl, role) ?? '';
  return url.toString();
}
