/** The role-to-permission matrix: the one place that says who may do what. */
export const ROLES = ['super_admin', 'asset_manager', 'kyc_verifier', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  // The signed-in admin's own account: password change (the only thing a one-time password session may do).
  'account:own',
  'dashboard:read',
  'assets:read',
  'assets:write',
  'kyc:read',
  'kyc:review',
  'users:read',
  'users:reveal-pii',
  // Tier changes (one user, bulk, CSV import) and suspend/reactivate.
  'users:write',
  'explorer:read',
  // Identity hashes and the linked user on the explorer's wallets, transactions and addresses (decision 051).
  'explorer:identities',
  // The analytics screen and its aggregates (counts and sums only, no personal data), and refreshing them on demand.
  'analytics:read',
  'analytics:refresh',
  'migration:read',
  'migration:run',
  'exports:create',
  'audit:read',
  'audit:verify',
  'admin-users:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Record<Role, readonly Permission[]> = {
  super_admin: PERMISSIONS,
  asset_manager: [
    'account:own',
    'dashboard:read',
    'assets:read',
    'assets:write',
    'users:read',
    'explorer:read',
    'explorer:identities',
    'analytics:read',
    'analytics:refresh',
    'exports:create',
  ],
  kyc_verifier: ['account:own', 'dashboard:read', 'kyc:read', 'kyc:review', 'users:read', 'users:reveal-pii', 'users:write', 'exports:create'],
  auditor: [
    'account:own',
    'dashboard:read',
    'assets:read',
    'kyc:read',
    'users:read',
    'explorer:read',
    'explorer:identities',
    'analytics:read',
    'migration:read',
    'exports:create',
    'audit:read',
    'audit:verify',
  ],
  viewer: ['account:own', 'dashboard:read', 'assets:read', 'explorer:read', 'analytics:read'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

export const ROLE_LABELS: Record<Role, string> = {
  super_admin: 'Super admin',
  asset_manager: 'Asset manager',
  kyc_verifier: 'KYC verifier',
  auditor: 'Auditor',
  viewer: 'Viewer',
};
