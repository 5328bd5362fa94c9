'use client';

import { ChevronRightIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { areaOf, navItemFor } from '@/components/shell/nav-items';
import { useRecordCrumb } from '@/components/shell/record-crumb';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG_HEX = /^0x[0-9a-f]{12,}$/i;

/** A path segment as a crumb: words title-cased, and record ids (UUIDs, hashes, addresses) shortened so the bar stays one line. */
function crumbLabel(segment: string): string {
  const text = decodeURIComponent(segment);
  if (UUID.test(text)) return `${text.slice(0, 8)}…`;
  if (LONG_HEX.test(text)) return `${text.slice(0, 6)}…${text.slice(-4)}`;
  const words = text.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Area › sub-page, from the path; the last crumb is the current page (named by the page when it is a record) and not a link. */
export function Breadcrumbs() {
  const pathname = usePathname();
  const recordLabel = useRecordCrumb();
  const area = navItemFor(pathname);
  if (!area) return null;
  const base = areaOf(area);
  const rest = pathname.slice(base.length).split('/').filter(Boolean);
  const crumbs = [
    { href: area.href, label: area.label },
    ...rest.map((segment, index) => ({
      href: `${base}/${rest.slice(0, index + 1).join('/')}`,
      label: index === rest.length - 1 && recordLabel ? recordLabel : crumbLabel(segment),
    })),
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
