import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import { hasPermission, PERMISSIONS, type Permission, type Role } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { createApiTokenSchema, type CreateApiTokenInput } from './api-token.schemas';

const SECRET_PREFIX = 'pend_';
const PREFIX_LENGTH = 12;

export type ApiTokenDto = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

type ApiTokenRow = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  // The driver returns timestamptz as text through em.execute.
  created_at: string | Date;
  expires_at: string | Date;
  last_used_at: string | Date | null;
  revoked_at: string | Date | null;
};

const iso = (value: string | Date): string => new Date(value).toISOString();

const toDto = (row: ApiTokenRow): ApiTokenDto => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdAt: iso(row.created_at),
  expiresAt: iso(row.expires_at),
  lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
  revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
});

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Every permission of `inner` is one of `outer`'s: the roles are not a line (a KYC verifier is not below an asset manager). */
export function roleWithin(inner: Role, outer: Role): boolean {
  return PERMISSIONS.every((permission) => !hasPermission(inner, permission) || hasPermission(outer, permission));
}

/** Creates a token for the signed-in admin; the secret is returned this once and only its SHA-256 is kept. */
export async function createApiToken(em: EntityManager, actor: Actor, input: CreateApiTokenInput): Promise<{ token: ApiTokenDto; secret: string }> {
  const { name, role, expiresInDays } = createApiTokenSchema.parse(input);
  if (!roleWithin(role, actor.role))
    throw new AppError('VALIDATION', 'A token cannot have more rights than you.', { role: ['Choose your role or one within it'] });
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await em.execute<ApiTokenRow[]>(
    `INSERT INTO api_tokens (owner_id, name, role, token_hash, prefix, expires_at)
     VALUES (?::uuid, ?, ?, ?, ?, now() + make_interval(days => ?))
     RETURNING id, name, role, prefix, created_at, expires_at, last_used_at, revoked_at`,
    [actor.id, name, role, hashTokenSecret(secret), secret.slice(0, PREFIX_LENGTH), expiresInDays],
  );
  return { token: toDto(row), secret };
}

export async function listApiTokens(em: EntityManager, ownerId: string): Promise<ApiTokenDto[]> {
  const rows = await em.execute<ApiTokenRow[]>(
    `SELECT id, name, role, prefix, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE owner_id = ?::uuid ORDER BY created_at DESC`,
    [ownerId],
  );
  return rows.map(toDto);
}

/** Revokes one of the admin's own tokens (another admin's token is "not found": its id says nothing). */
export async function revokeApiToken(em: EntityManager, actor: Actor, id: string): Promise<void> {
  const rows = await em.execute<Array<{ id: string }>>(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?::uuid AND owner_id = ?::uuid RETURNING id`,
    [id, actor.id],
  );
  if (!rows.length) throw new AppError('NOT_FOUND', 'No such token.');
}

export type TokenActor = { actor: Actor; tokenId: string };

/**
 * Ends every token of an account, when its password is reset: whoever held the account before may have
 * made tokens, and unlike sessions a token does not depend on the password.
 */
export async function revokeAllApiTokensOf(em: EntityManager, ownerId: string): Promise<void> {
  await em.execute(`UPDATE api_tokens SET revoked_at = now() WHERE owner_id = ?::uuid AND revoked_at IS NULL`, [ownerId]);
}

const REFUSED = 'The API token is invalid, expired or revoked.';

/**
 * The admin a bearer token acts for, re-read on every request: the token acts with its own role, which
 * must still lie within the owner's current role (a demoted owner's stronger tokens stop working), and
 * only while the owner is active and the token neither expired nor revoked (401 otherwise). The
 * permission is then checked against the same matrix as a session (403). `last_used_at` is written at
 * most once a minute, so a busy script does not write a row per call.
 */
export async function authenticateApiToken(em: EntityManager, secret: string, permission: Permission): Promise<TokenActor> {
  const [token] = await em.execute<Array<{ id: string; owner_id: string; role: Role }>>(
    `SELECT id, owner_id, role FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > now()`,
    [hashTokenSecret(secret)],
  );
  if (!token) throw new AppError('UNAUTHORIZED', REFUSED);
  const owner = await findAdminUserById(em, token.owner_id);
  if (!owner || !owner.isActive || !roleWithin(token.role, owner.role)) throw new AppError('UNAUTHORIZED', REFUSED);
  if (!hasPermission(token.role, permission)) throw new AppError('FORBIDDEN', 'You do not have permission to do this.');
  await em.execute(`UPDATE api_tokens SET last_used_at = now() WHERE id = ?::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [
    token.id,
  ]);
  return { actor: { id: owner.id, email: owner.email, name: owner.name, role: token.role }, tokenId: token.id };
}

/** The secret of an `Authorization: Bearer …` header, or null when the request carries none. */
export function bearerSecret(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match ? match[1] : null;
}
