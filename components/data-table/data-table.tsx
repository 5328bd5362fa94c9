'use client';

import { flexRender, type ColumnDef } from '@tanstack/react-table';
import { useRouter } from 'next/navigation';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/utils';
import { DataTableBulkBar } from './data-table-bulk-bar';
import { DataTablePagination } from './data-table-pagination';
import { formatTotal } from './format-total';
import type { GridPage, GridSelection, useDataTable } from './use-data-table';

/** The selection column the kit adds in front of a selectable grid's columns. */
export function selectColumn<Row>(): ColumnDef<Row, unknown> {
  return {
    id: 'select',
    enableSorting: false,
    enableHiding: false,
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all rows on this page"
        checked={table.getIsAllPageRowsSelected() || (table.getIsSomePageRowsSelected() && 'indeterminate')}
        onCheckedChange={(value) => table.toggleAllPageRowsSelected(!!value)}
      />
    ),
    cell: ({ row }) => <Checkbox aria-label="Select row" checked={row.getIsSelected()} onCheckedChange={(value) => row.toggleSelected(!!value)} />,
  };
}

type DataTableProps<Row> = {
  grid: ReturnType<typeof useDataTable<Row>>;
  page: GridPage;
  caption: string;
  /** What a truly empty table says (no rows at all, not a filter that matches none). */
  emptyMessage: ReactNode;
  /** Enter on a row opens this link. */
  rowHref?: (row: Row) => string;
  bulkActions?: (selection: GridSelection) => ReactNode;
  testId?: string;
};

const DENSITY_CELL = { comfortable: 'px-3 py-2', compact: 'px-2 py-1 text-xs' } as const;

/**
 * The server-driven grid: sticky header, pinned first column, a selection that can widen to every row
 * matching the filter, keyset pages, and one tab stop for the body (a roving tabindex: arrow keys move
 * between cells and rows, Home/End to the row's ends, Enter opens the row's link).
 */
export function DataTable<Row>({ grid, page, caption, emptyMessage, rowHref, bulkActions, testId }: DataTableProps<Row>) {
  const { table, url } = grid;
  const router = useRouter();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [active, setActive] = useState({ row: 0, column: 0 });
  const rows = table.getRowModel().rows;
  const columnCount = table.getVisibleLeafColumns().length;
  const density = url.searchParams.get('density') === 'compact' ? 'compact' : 'comfortable';
  const selection = grid.selectionFor(page.total);
  const pageAllSelected = rows.length > 0 && table.getIsAllPageRowsSelected();
  const moreThanPage = page.total.kind !== 'exact' || page.total.value > rows.length;

  const focusCell = (row: number, column: number) => {
    const next = { row: Math.max(0, Math.min(rows.length - 1, row)), column: Math.max(0, Math.min(columnCount - 1, column)) };
    setActive(next);
    bodyRef.current?.querySelector<HTMLElement>(`[data-cell="${next.row}:${next.column}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const target = event.target as HTMLElement;
    if (!target.dataset.cell) return;
    const moves: Record<string, [number, number]> = {
      ArrowDown: [active.row + 1, active.column],
      ArrowUp: [active.row - 1, active.column],
      ArrowRight: [active.row, active.column + 1],
      ArrowLeft: [active.row, active.column - 1],
      Home: [active.row, 0],
      End: [active.row, columnCount - 1],
      PageDown: [rows.length - 1, active.column],
      PageUp: [0, active.column],
    };
    if (moves[event.key]) {
      event.preventDefault();
      focusCell(...moves[event.key]);
    } else if (event.key === 'Enter' && rowHref && rows[active.row]) {
      event.preventDefault();
      router.push(rowHref(rows[active.row].original));
    }
  };

  return (
    <div className="flex flex-col gap-2" data-testid={testId} aria-busy={url.isPending}>
      {selection && bulkActions ? (
        <DataTableBulkBar selection={selection} onClear={grid.clearSelection}>
          {bulkActions(selection)}
        </DataTableBulkBar>
      ) : null}
      {pageAllSelected && moreThanPage && !grid.allMatching ? (
        <div role="status" className="flex flex-wrap items-center gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm">
          All {rows.length} rows on this page are selected.
          <Button variant="link" size="sm" className="h-auto p-0" onClick={() => grid.setAllMatching(true)}>
            Select all {formatTotal(page.total)} rows matching this filter
          </Button>
        </div>
      ) : null}
      <div className={cn('relative max-h-[70vh] overflow-auto rounded-lg border bg-card', url.isPending && 'opacity-60')}>
        <table className="w-full caption-bottom text-sm" aria-rowcount={rows.length + 1}>
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 z-20 bg-muted shadow-[inset_0_-1px_0_var(--color-border)]">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header, index) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      className={cn(
                        'h-10 px-3 text-left align-middle font-medium whitespace-nowrap text-muted-foreground',
                        index === 0 && 'sticky left-0 z-10 bg-muted',
                      )}
                    >
                      {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody ref={bodyRef} onKeyDown={onKeyDown}>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="px-3 py-10 text-center text-muted-foreground">
                  {page.filtered ? (
                    <div className="flex flex-col items-center gap-2" role="status">
                      No rows match these filters.
                      <Button variant="outline" size="sm" onClick={() => url.navigate((params) => resetFilters(params))}>
                        Reset filters
                      </Button>
                    </div>
                  ) : (
                    emptyMessage
                  )}
                </td>
              </tr>
            ) : (
              rows.map((row, rowIndex) => (
                <tr
                  key={row.id}
                  data-state={row.getIsSelected() ? 'selected' : undefined}
                  className="border-b hover:bg-muted/50 data-[state=selected]:bg-muted"
                >
                  {row.getVisibleCells().map((cell, columnIndex) => (
                    <td
                      key={cell.id}
                      data-cell={`${rowIndex}:${columnIndex}`}
                      tabIndex={active.row === rowIndex && active.column === columnIndex ? 0 : -1}
                      onFocus={() => setActive({ row: rowIndex, column: columnIndex })}
                      className={cn(
                        DENSITY_CELL[density],
                        'align-top outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset',
                        columnIndex === 0 && 'sticky left-0 z-10 bg-card',
                      )}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <DataTablePagination grid={grid} page={page} rowCount={rows.length} />
    </div>
  );
}

/** Deletes every parameter but the view's shape (columns, density, page size), so the grid shows all rows. */
export function resetFilters(params: URLSearchParams) {
  for (const name of [...params.keys()]) if (!['columns', 'density', 'pageSize'].includes(name)) params.delete(name);
}

/** The loading state: the grid's frame with pulsing rows, shown while the server reads the page. */
export function DataTableSkeleton({ columns, rows = 10 }: { columns: number; rows?: number }) {
  return (
    <div className="flex flex-col gap-2" data-testid="grid-skeleton" aria-busy="true" aria-label="Loading rows">
      <div className="overflow-hidden rounded-lg border bg-card">
        <div className="flex gap-3 border-b bg-muted px-3 py-3">
          {Array.from({ length: columns }, (_, index) => (
            <Skeleton key={index} className="h-4 flex-1" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, row) => (
          <div key={row} className="flex gap-3 border-b px-3 py-3 last:border-0">
            {Array.from({ length: columns }, (_, index) => (
              <Skeleton key={index} className="h-4 flex-1" />
            ))}
          </div>
        ))}
      </div>
      <Skeleton className="h-8 w-72 self-end" />
    </div>
  );
}
