'use client';

import type { Column } from '@tanstack/react-table';
import { ArrowDownIcon, ArrowUpIcon, ChevronsUpDownIcon } from 'lucide-react';
import { cn } from '@/lib/utils';

/**
 * A sortable header: a click sorts by this column on the server (descending first, then ascending, then
 * the default order); a shift-click adds it to the sort after the columns already sorted.
 */
export function DataTableColumnHeader<Row>({ column, title, className }: { column: Column<Row, unknown>; title: string; className?: string }) {
  if (!column.getCanSort()) return <span className={className}>{title}</span>;
  const sorted = column.getIsSorted();
  const index = column.getSortIndex();
  const Icon = sorted === 'asc' ? ArrowUpIcon : sorted === 'desc' ? ArrowDownIcon : ChevronsUpDownIcon;
  return (
    <button
      type="button"
      onClick={column.getToggleSortingHandler()}
      title="Sort; shift-click to sort by more than one column"
      className={cn(
        '-mx-2 inline-flex h-8 items-center gap-1 rounded-md px-2 font-medium hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none',
        sorted && 'text-foreground',
        className,
      )}
    >
      {title}
      <Icon className="size-3.5" aria-hidden />
      {sorted && column.getIsSorted() && index > 0 ? <span className="text-xs tabular-nums">{index + 1}</span> : null}
      <span className="sr-only">{sorted ? `, sorted ${sorted === 'asc' ? 'ascending' : 'descending'}` : ', not sorted'}</span>
    </button>
  );
}
