import {
  ActivityIcon,
  ChartColumnIcon,
  BadgeCheckIcon,
  BlocksIcon,
  DatabaseZapIcon,
  DownloadIcon,
  LayersIcon,
  LayoutDashboardIcon,
  ScrollTextIcon,
  SettingsIcon,
  UsersIcon,
  type LucideIcon,
} from 'lucide-react';
import type { Permission } from '@/lib/auth/permissions';

export type NavGroup = 'Overview' | 'Platform' | 'Compliance' | 'Operations';
export type NavItem = { href: string; label: string; permission: Permission; built: boolean; group: NavGroup; icon: LucideIcon };

/** Every area of the product (design.md §2); `built: false` areas render a plain "not built yet" page. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/dashboard', label: 'Dashboard', permission: 'dashboard:read', built: true, group: 'Overview', icon: LayoutDashboardIcon },
  { href: '/assets', label: 'Assets', permission: 'assets:read', built: true, group: 'Platform', icon: BlocksIcon },
  { href: '/pool-tiers', label: 'Pool tiers', permission: 'assets:read', built: true, group: 'Platform', icon: LayersIcon },
  { href: '/users', label: 'Users', permission: 'users:read', built: true, group: 'Platform', icon: UsersIcon },
  { href: '/explorer', label: 'Explorer', permission: 'explorer:read', built: true, group: 'Platform', icon: ActivityIcon },
  { href: '/analytics', label: 'Analytics', permission: 'analytics:read', built: true, group: 'Platform', icon: ChartColumnIcon },
  { href: '/kyc', label: 'KYC review', permission: 'kyc:read', built: true, group: 'Compliance', icon: BadgeCheckIcon },
  { href: '/exports', label: 'Exports', permission: 'exports:create', built: true, group: 'Compliance', icon: DownloadIcon },
  { href: '/audit', label: 'Audit', permission: 'audit:read', built: true, group: 'Compliance', icon: ScrollTextIcon },
  { href: '/migration', label: 'Migration', permission: 'migration:read', built: true, group: 'Operations', icon: DatabaseZapIcon },
  { href: '/settings/admin-users', label: 'Settings', permission: 'admin-users:manage', built: true, group: 'Operations', icon: SettingsIcon },
];

export const NAV_GROUPS: NavGroup[] = ['Overview', 'Platform', 'Compliance', 'Operations'];

/** The nav item a path belongs to (the longest matching href), for the sidebar highlight and the breadcrumbs. */
export function navItemFor(pathname: string): NavItem | undefined {
  return NAV_ITEMS.filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
}
