'use client';

import { SearchIcon, XIcon } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { resetFilters } from './data-table';
import type { useGridUrl } from './use-data-table';

const SEARCH_DEBOUNCE_MS = 350;

/** The search box (URL `q`, sent once typing pauses), the grid's filters, a reset, and the view and saved-view menus. */
export function DataTableToolbar({
  url,
  searchLabel,
  filterNames,
  children,
  actions,
}: {
  url: ReturnType<typeof useGridUrl>;
  searchLabel: string;
  /** The URL parameters the filters own (reset deletes them, with `q` and `sort`). */
  filterNames: readonly string[];
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const urlQ = url.searchParams.get('q') ?? '';
  const [text, setText] = useState(urlQ);
  const sent = useRef(urlQ);
  // The back button (or a saved view) changes `q` under the box: show what the URL says.
  useEffect(() => {
    if (urlQ !== sent.current) {
      sent.current = urlQ;
      setText(urlQ);
    }
  }, [urlQ]);
  useEffect(() => {
    if (text.trim() === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text.trim();
      url.setParam('q', text.trim() || null);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, url]);

  const isFiltered = ['q', 'sort', ...filterNames].some((name) => url.searchParams.has(name));
  return (
    <div className="flex flex-wrap items-center gap-2" role="search">
      <div className="relative">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          type="search"
          aria-label={searchLabel}
          placeholder={searchLabel}
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="h-8 w-56 pl-8 lg:w-72"
        />
      </div>
      {children}
      {isFiltered ? (
        <Button variant="ghost" size="sm" onClick={() => url.navigate((params) => resetFilters(params))}>
          Reset <XIcon aria-hidden />
        </Button>
      ) : null}
      <div className="ml-auto flex items-center gap-2">{actions}</div>
    </div>
  );
}
