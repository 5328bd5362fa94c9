'use client';

import { DownloadIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { useGridUrl } from './use-data-table';

/** Where a page starts and how many rows it holds: an export takes every matching row, so they are left out. */
const PAGE_PARAMS = ['cursor', 'direction', 'pageSize', 'density'];

const FORMATS = [
  { label: 'CSV', params: 'format=csv' },
  { label: 'CSV for Excel (with BOM)', params: 'format=csv&bom=true' },
  { label: 'Excel (XLSX)', params: 'format=xlsx' },
  { label: 'PDF', params: 'format=pdf' },
  { label: 'JSON lines (NDJSON)', params: 'format=ndjson' },
] as const;

/** The export URL of a grid's current view: its filter, search, sort and visible columns, every matching row. */
export function exportHref(grid: string, searchParams: URLSearchParams, formatParams: string): string {
  const params = new URLSearchParams(searchParams);
  for (const name of PAGE_PARAMS) params.delete(name);
  const own = params.toString();
  return `/api/exports/${grid}?${formatParams}${own ? `&${own}` : ''}`;
}

/**
 * Downloads what the grid shows (decision 049): the server runs the grid's own list query for the same
 * URL parameters, records the export with its SHA-256 and streams the file.
 */
export function DataTableExport({ url, grid }: { url: ReturnType<typeof useGridUrl>; grid: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm">
          <DownloadIcon aria-hidden /> Export
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Every matching row, visible columns</DropdownMenuLabel>
        {FORMATS.map((format) => (
          <DropdownMenuItem key={format.params} asChild>
            <a href={exportHref(grid, url.searchParams, format.params)} download>
              {format.label}
            </a>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
