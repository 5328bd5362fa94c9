'use client';

import { getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState, type SortingState, type Updater } from '@tanstack/react-table';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { formatSort, type SortItem } from '@/lib/list-query/list-query.schemas';
import type { ListTotal } from '@/lib/list-query/total';

/** Parameters that say where a page starts; any other change of the view starts again at the first page. */
const POSITION_PARAMS = ['cursor', 'direction'];

/**
 * The URL of a navigation still on its way: a second change made before the first lands (a search typed
 * right after a filter was picked) builds on it instead of on the URL still shown, so neither is lost.
 */
let pendingParams: string | null = null;

/**
 * The grid's state lives in the URL (decision 041): every user action pushes a history entry, so a copied
 * link reproduces the view and the back button restores the previous one. The server parses the same
 * parameters with the page's list-query schema.
 */
export function useGridUrl(scope?: string) {
  const router = useRouter();
  const pathname = usePathname();
  const pageParams = useSearchParams();
  const [isPending, startTransition] = useTransition();
  const prefix = scope ? `${scope}.` : '';
  // The grid's own parameters, without its scope (a page with several grids prefixes each grid's).
  const searchParams = useMemo(() => {
    const own = new URLSearchParams();
    for (const [key, value] of pageParams) if (key.startsWith(prefix)) own.append(key.slice(prefix.length), value);
    return own;
  }, [pageParams, prefix]);

  useEffect(() => {
    pendingParams = null;
  }, [pageParams]);

  const navigate = (change: (params: URLSearchParams) => void, { keepPosition = false } = {}) => {
    const base = new URLSearchParams(pendingParams ?? pageParams.toString());
    const own = new URLSearchParams();
    for (const [key, value] of base) if (key.startsWith(prefix)) own.append(key.slice(prefix.length), value);
    change(own);
    if (!keepPosition) for (const name of POSITION_PARAMS) own.delete(name);
    const next = new URLSearchParams();
    for (const [key, value] of base) if (!key.startsWith(prefix)) next.append(key, value);
    for (const [key, value] of own) next.append(`${prefix}${key}`, value);
    const text = next.toString();
    pendingParams = text;
    startTransition(() => router.push(`${text ? `${pathname}?${text}` : pathname}${scope ? `#${scope}` : ''}`, { scroll: false }));
  };
  const setParam = (name: string, value: string | null | undefined) => navigate((params) => (value ? params.set(name, value) : params.delete(name)));
  /** Replaces the grid's whole state (a saved view). */
  const applyState = (state: string) =>
    navigate((params) => {
      for (const key of [...params.keys()]) params.delete(key);
      for (const [key, value] of new URLSearchParams(state)) params.append(key, value);
    });

  return { searchParams, pathname, navigate, setParam, applyState, isPending };
}

/** The part of a list query the grid needs in the browser (plain, serializable). */
export type GridQuery = { sort: SortItem[]; columns: string[]; pageSize: number; cursor?: string };
export type GridPage = { nextCursor: string | null; prevCursor: string | null; total: ListTotal; filtered: boolean; pageSize: number };

/**
 * What the bulk actions act on: the rows ticked on this page, or every row matching the current filter
 * (then the selection is the filter itself, not a list of ids, so it covers rows on pages never loaded).
 */
export type GridSelection = { kind: 'rows'; ids: string[] } | { kind: 'matching'; filter: string; total: ListTotal };

export function useDataTable<Row>({
  data,
  columns,
  query,
  getRowId,
  selectable = false,
  scope,
}: {
  data: Row[];
  columns: ColumnDef<Row, unknown>[];
  query: GridQuery;
  getRowId: (row: Row) => string;
  selectable?: boolean;
  scope?: string;
}) {
  const url = useGridUrl(scope);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);

  const sorting: SortingState = useMemo(() => query.sort.map((item) => ({ id: item.column, desc: item.direction === 'desc' })), [query.sort]);
  const columnVisibility = useMemo(
    () => Object.fromEntries(columns.map((column) => [column.id!, column.id === 'select' || query.columns.includes(column.id!)])),
    [columns, query.columns],
  );
  const columnOrder = useMemo(() => ['select', ...query.columns], [query.columns]);

  const onSortingChange = (updater: Updater<SortingState>) => {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    url.setParam('sort', next.length ? formatSort(next.map((item) => ({ column: item.id, direction: item.desc ? 'desc' : 'asc' }))) : null);
  };

  const table = useReactTable({
    data,
    columns,
    getRowId,
    state: { sorting, columnVisibility, columnOrder, rowSelection },
    onSortingChange,
    onRowSelectionChange: (updater) => {
      setAllMatching(false);
      setRowSelection(updater);
    },
    enableRowSelection: selectable,
    enableMultiSort: true,
    isMultiSortEvent: (event) => (event as MouseEvent).shiftKey,
    sortDescFirst: true,
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    getCoreRowModel: getCoreRowModel(),
  });

  const filter = useMemo(() => {
    const params = new URLSearchParams(url.searchParams.toString());
    for (const name of [...POSITION_PARAMS, 'columns', 'density']) params.delete(name);
    return params.toString();
  }, [url.searchParams]);

  const selectAllMatching = (total: ListTotal) => ({ kind: 'matching', filter, total }) satisfies GridSelection;
  const clearSelection = () => {
    setAllMatching(false);
    setRowSelection({});
  };

  return {
    table,
    url,
    allMatching,
    setAllMatching,
    clearSelection,
    selectionFor: (total: ListTotal): GridSelection | null => {
      if (allMatching) return selectAllMatching(total);
      const ids = Object.keys(rowSelection).filter((id) => rowSelection[id]);
      return ids.length ? { kind: 'rows', ids } : null;
    },
  };
}
