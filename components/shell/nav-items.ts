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
/** `area` is the path prefix the item stands for when its link opens one page inside it (Settings opens Admin users). */
export type NavItem = { href: string; area?: string; label: string; permission: Permission; built: boolean; group: NavGroup; icon: LucideIcon };

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
  {
    href: '/settings/admin-users',
    area: '/settings',
    label: 'Settings',
    permission: 'admin-users:manage',
    built: true,
    group: 'Operations',
    icon: SettingsIcon,
  },
];

export const NAV_GROUPS: NavGroup[] = ['Overview', 'Platform', 'Compliance', 'Operations'];

/** The nav item a path belongs to (the longest matching href), for the sidebar highlight and the breadcrumbs. */
export function navItemFor(pathname: string): NavItem | undefined {
  return NAV_ITEMS.filter((item) => pathname === areaOf(item) || pathname.startsWith(`${areaOf(item)}/`)).sort(
    (a, b) => areaOf(b).length - areaOf(a).length,
  )[0];
}

/** The path prefix a nav item covers. */
export function areaOf(item: NavItem): string {
  return item.area ?? item.href;
}
