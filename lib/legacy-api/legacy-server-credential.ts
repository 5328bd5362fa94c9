import type { Permission } from '@/lib/auth/permissions';
import type { LegacyRouteSpec } from './route-spec';

/** The audit trail's name for whoever holds `X-Admin-Key`: the legacy server, never a person. */
export const LEGACY_SERVER_ACTOR_LABEL = 'legacy server';

/**
 * Everything `X-Admin-Key` may do (decision 059): the legacy routes the legacy server and its admin
 * dashboard call, and the migration status its monitors read. No audit verification, no admin-user
 * management, no exports, no migration runs: those need a person (a session or a personal API token).
 */
export const LEGACY_SERVER_PERMISSIONS: readonly Permission[] = [
  'dashboard:read',
  'assets:read',
  'assets:write',
  'kyc:read',
  'kyc:review',
  'users:read',
  'users:write',
  // Full phone numbers in legacy bodies (callers without the key see two digits).
  'users:reveal-pii',
  'explorer:read',
  'explorer:identities',
  'analytics:read',
  // The legacy server log (`/api/logs`) holds end users' addresses.
  'audit:read',
  'migration:read',
];

// What each group of legacy routes is, in the admin UI's permission matrix: reading it, and changing it.
const ROUTE_PERMISSIONS: Record<string, { read: Permission; write: Permission }> = {
  'Admin assets': { read: 'assets:read', write: 'assets:write' },
  'Admin dashboard': { read: 'dashboard:read', write: 'dashboard:read' },
  KYC: { read: 'kyc:read', write: 'kyc:review' },
  Tiers: { read: 'users:read', write: 'users:write' },
  Users: { read: 'users:read', write: 'users:write' },
  Logs: { read: 'audit:read', write: 'audit:read' },
  Explorer: { read: 'explorer:read', write: 'explorer:read' },
  Wallets: { read: 'explorer:read', write: 'explorer:read' },
  Analytics: { read: 'analytics:read', write: 'analytics:read' },
};

/** The permission a legacy route needs from the key; a route whose group is not mapped needs one the key never has. */
export function legacyRoutePermission(spec: Pick<LegacyRouteSpec, 'tag' | 'kind'>): Permission {
  return ROUTE_PERMISSIONS[spec.tag]?.[spec.kind] ?? 'admin-users:manage';
}

export function legacyServerMay(permission: Permission): boolean {
  return LEGACY_SERVER_PERMISSIONS.includes(permission);
}
