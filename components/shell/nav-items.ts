import type { Permission } from '@/lib/auth/permissions';

/** Every area of the product (design.md §2); `built: false` areas render a plain "not built yet" page. */
export const NAV_ITEMS: Array<{ href: string; label: string; permission: Permission; built: boolean }> = [
  { href: '/dashboard', label: 'Dashboard', permission: 'dashboard:read', built: true },
  { href: '/assets', label: 'Assets', permission: 'assets:read', built: false },
  { href: '/pool-tiers', label: 'Pool tiers', permission: 'assets:read', built: true },
  { href: '/kyc', label: 'KYC review', permission: 'kyc:read', built: false },
  { href: '/users', label: 'Users', permission: 'users:read', built: false },
  { href: '/explorer', label: 'Explorer', permission: 'explorer:read', built: false },
  { href: '/migration', label: 'Migration', permission: 'migration:read', built: true },
  { href: '/exports', label: 'Exports', permission: 'exports:create', built: false },
  { href: '/audit', label: 'Audit', permission: 'audit:read', built: true },
  { href: '/settings/admin-users', label: 'Settings', permission: 'admin-users:manage', built: true },
];
