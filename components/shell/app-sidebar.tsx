'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_GROUPS, NAV_ITEMS, navItemFor } from '@/components/shell/nav-items';
import { cn } from '@/lib/utils';

/** The grouped navigation, only with the areas the server said this role may open. */
export function SidebarNav({ allowedHrefs, onNavigate }: { allowedHrefs: string[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const current = navItemFor(pathname);
  const items = NAV_ITEMS.filter((item) => allowedHrefs.includes(item.href));
  return (
    <nav aria-label="Main" className="flex flex-col gap-4 px-3">
      {NAV_GROUPS.map((group) => {
        const groupItems = items.filter((item) => item.group === group);
        if (!groupItems.length) return null;
        return (
          <div key={group} className="flex flex-col gap-0.5">
            <p className="px-2 pb-1 text-xs font-medium tracking-wide text-muted-foreground uppercase">{group}</p>
            {groupItems.map((item) => {
              const isCurrent = current?.href === item.href;
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  onClick={onNavigate}
                  aria-current={isCurrent ? 'page' : undefined}
                  className={cn(
                    'flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm text-sidebar-foreground transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-sidebar-ring focus-visible:outline-none',
                    isCurrent && 'bg-sidebar-accent font-medium text-sidebar-accent-foreground',
                  )}
                >
                  <item.icon className="size-4 shrink-0" aria-hidden />
                  <span className="flex-1">{item.label}</span>
                  {!item.built && <span className="text-[0.7rem] text-muted-foreground">not built yet</span>}
                </Link>
              );
            })}
          </div>
        );
      })}
    </nav>
  );
}
