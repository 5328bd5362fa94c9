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

/**
 * The app's login as the environment gives it: derived from the owner's `DATABASE_URL` when a process
 * holds that (db:migrate, the import, the sync worker, tests), else `DATABASE_APP_URL`, which is all the
 * Next process is given (scripts/lib/runtime.ts `nextEnv`).
 */
export function configuredAppDatabaseUrl(config: Pick<Env, 'DATABASE_URL' | 'DATABASE_APP_URL' | 'DATABASE_APP_ROLE'>): string | undefined {
  return config.DATABASE_URL ? appDatabaseUrl(config.DATABASE_URL, config) : config.DATABASE_APP_URL;
}

/**
 * The environment for the Next process: the app's login as `DATABASE_APP_URL` and no owner URL, so
 * nothing running in the app (its own code, a dependency, a page that reads its environment) can
 * connect as the schema owner. Only db:migrate, the import and the sync worker keep the owner's URL.
 */
export function withoutOwnerLogin(
  childEnv: NodeJS.ProcessEnv,
  config: Pick<Env, 'DATABASE_URL' | 'DATABASE_APP_URL' | 'DATABASE_APP_ROLE'>,
): NodeJS.ProcessEnv {
  const ownerUrl = childEnv.DATABASE_URL;
  if (!ownerUrl) throw new Error('withoutOwnerLogin needs the owner URL (DATABASE_URL) to derive the app login from');
  const env: NodeJS.ProcessEnv = { ...childEnv, DATABASE_APP_URL: appDatabaseUrl(ownerUrl, config) };
  delete env.DATABASE_URL;
  return env;
}
