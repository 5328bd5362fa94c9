import { SearchIcon } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';

const TABS = [
  { id: 'overview', label: 'Overview', href: '/explorer' },
  { id: 'blocks', label: 'Blocks', href: '/explorer/blocks' },
  { id: 'transactions', label: 'Transactions', href: '/explorer/transactions' },
  { id: 'wallets', label: 'Wallets', href: '/explorer/wallets' },
] as const;

export type ExplorerTab = (typeof TABS)[number]['id'] | 'none';

/** The explorer's own navigation and its universal search (a plain GET form: it works before any script loads). */
export function ExplorerNav({ current, query = '' }: { current: ExplorerTab; query?: string }) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3 border-b pb-3">
      <nav aria-label="Explorer">
        <ul className="flex flex-wrap gap-1">
          {TABS.map((tab) => (
            <li key={tab.id}>
              <Link
                href={tab.href}
                aria-current={tab.id === current ? 'page' : undefined}
                className={cn(
                  'inline-flex h-8 items-center rounded-md px-3 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none',
                  tab.id === current && 'bg-accent text-accent-foreground',
                )}
              >
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form action="/explorer/search" method="get" role="search" className="flex items-center gap-2">
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            name="q"
            defaultValue={query}
            required
            maxLength={100}
            aria-label="Search the explorer"
            placeholder="Block, tx hash, address, identity prefix"
            className="h-8 w-72 pl-8 lg:w-96"
          />
        </div>
        <Button type="submit" size="sm" variant="outline">
          Search
        </Button>
      </form>
    </div>
  );
}
