'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export type SidebarItem = { href: string; label: string; built: boolean };

export function SidebarNav({ items }: { items: SidebarItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={pathname.startsWith(item.href) ? 'page' : undefined}>
          {item.label}
          {!item.built && <span className="soon">not built yet</span>}
        </Link>
      ))}
    </nav>
  );
}
