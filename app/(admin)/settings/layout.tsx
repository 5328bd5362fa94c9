import type { ReactNode } from 'react';
import { SectionNav } from '@/components/shell/section-nav';

const SETTINGS_SECTIONS = [
  { href: '/settings/admin-users', label: 'Admin users' },
  { href: '/settings/security', label: 'Security' },
];

/** Chrome only: both settings pages authorize themselves with admin-users:manage. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SectionNav label="Settings sections" links={SETTINGS_SECTIONS} />
      {children}
    </>
  );
}
