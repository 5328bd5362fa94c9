'use client';

import { ChevronRightIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { navItemFor } from '@/components/shell/nav-items';

function titleCase(segment: string): string {
  const words = decodeURIComponent(segment).replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Area › sub-page, from the path; the last crumb is the current page and not a link. */
export function Breadcrumbs() {
  const pathname = usePathname();
  const area = navItemFor(pathname);
  if (!area) return null;
  const rest = pathname.slice(area.href.length).split('/').filter(Boolean);
  const crumbs = [
    { href: area.href, label: area.label },
    ...rest.map((segment, index) => ({ href: `${area.href}/${rest.slice(0, index + 1).join('/')}`, label: titleCase(segment) })),
  ];
  return (
    <nav aria-label="Breadcrumb" className="min-w-0">
      <ol className="flex items-center gap-1.5 text-sm text-muted-foreground">
        {crumbs.map((crumb, index) => {
          const isLast = index === crumbs.length - 1;
          return (
            <li key={crumb.href} className="flex min-w-0 items-center gap-1.5">
              {index > 0 && <ChevronRightIcon className="size-3.5 shrink-0" aria-hidden />}
              {isLast ? (
                <span aria-current="page" className="truncate font-medium text-foreground">
                  {crumb.label}
                </span>
              ) : (
                <Link href={crumb.href} className="truncate hover:text-foreground">
                  {crumb.label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
