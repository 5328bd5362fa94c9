'use client';

import { ChevronLeftIcon, ChevronRightIcon, ChevronsLeftIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { PAGE_SIZES } from '@/lib/list-query/list-query.schemas';
import { formatTotal } from './format-total';
import type { GridPage, useDataTable } from './use-data-table';

/** Keyset pages: first, previous and next (no page numbers: a deep page is as cheap as the first), the page size, the honest total. */
export function DataTablePagination<Row>({ grid, page, rowCount }: { grid: ReturnType<typeof useDataTable<Row>>; page: GridPage; rowCount: number }) {
  const { url } = grid;
  const pageSize = String(page.pageSize);
  const onFirstPage = !url.searchParams.get('cursor');
  const go = (cursor: string, direction: 'next' | 'prev') =>
    url.navigate(
      (params) => {
        params.set('cursor', cursor);
        params.set('direction', direction);
      },
      { keepPosition: true },
    );
  const total = formatTotal(page.total);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <p data-testid="grid-total">
        {rowCount} shown of {total} {page.total.kind === 'exact' && page.total.value === 1 ? 'row' : 'rows'}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-2">
          Rows per page
          <Select value={pageSize} onValueChange={(size) => url.setParam('pageSize', size)}>
            <SelectTrigger size="sm" aria-label="Rows per page" className="w-20">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {PAGE_SIZES.map((size) => (
                <SelectItem key={size} value={String(size)}>
                  {size}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </label>
        <Button variant="outline" size="sm" disabled={onFirstPage} onClick={() => url.navigate(() => undefined)} aria-label="First page">
          <ChevronsLeftIcon aria-hidden />
        </Button>
        <Button variant="outline" size="sm" disabled={!page.prevCursor} onClick={() => page.prevCursor && go(page.prevCursor, 'prev')}>
          <ChevronLeftIcon aria-hidden /> Previous
        </Button>
        <Button variant="outline" size="sm" disabled={!page.nextCursor} onClick={() => page.nextCursor && go(page.nextCursor, 'next')}>
          Next <ChevronRightIcon aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
