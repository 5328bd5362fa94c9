'use client';

import { DownloadIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { queueLargeExportAction } from '@/app/(admin)/exports/actions';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { FieldError } from '@/components/ui/field-error';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
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
 * Starts an export: the server first sizes it with the grid's own count, and queues one above the
 * background threshold (decision 068), which /exports then shows with its progress and file; anything
 * smaller downloads as a stream, the page staying where it is.
 */
function useStartExport(grid: string): (href: string) => Promise<void> {
  const router = useRouter();
  return async (href) => {
    const request = new FormData();
    request.set('grid', grid);
    request.set('query', href.slice(href.indexOf('?') + 1));
    const state = await queueLargeExportAction(undefined, request);
    if (!state.ok) {
      toast.error(state.message ?? 'The export could not start.');
      return;
    }
    if (state.data?.jobId) {
      toast.success('A large export: it runs in the background. Its progress and file are on Exports.');
      router.push(`/exports?job=${state.data.jobId}`);
      return;
    }
    const link = document.createElement('a');
    link.href = href;
    link.download = '';
    link.click();
  };
}

/**
 * Downloads what the grid shows (decision 049): the server runs the grid's own list query for the same
 * URL parameters, records the export with its SHA-256 and streams the file. `personalColumns` names the
 * grid's columns that hold personal data: while one of them is visible, a format first asks why the
 * data leaves the system (the server refuses the export without a reason and records it).
 * `unmaskablePhoneColumn` (only for a role with users:reveal-pii) offers full phone numbers in that
 * column's place while it is visible (decision 075).
 */
export function DataTableExport({
  url,
  grid,
  personalColumns = [],
  unmaskablePhoneColumn,
}: {
  url: ReturnType<typeof useGridUrl>;
  grid: string;
  personalColumns?: string[];
  unmaskablePhoneColumn?: string;
}) {
  const visible = url.searchParams.get('columns')?.split(',');
  const isVisible = (column: string) => !visible || visible.includes(column);
  const needsReason = personalColumns.some(isVisible);
  const canUnmask = unmaskablePhoneColumn !== undefined && isVisible(unmaskablePhoneColumn);
  const [pending, setPending] = useState<string | null>(null);
  const startExport = useStartExport(grid);
  if (needsReason) {
    return (
      <>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" size="sm">
              <DownloadIcon aria-hidden /> Export
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuLabel>Every matching row, visible columns (personal data: a reason is asked)</DropdownMenuLabel>
            {FORMATS.map((format) => (
              <DropdownMenuItem key={format.params} onSelect={() => setPending(exportHref(grid, url.searchParams, format.params))}>
                {format.label}
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
        <ExportReasonDialog href={pending} canUnmask={canUnmask} onClose={() => setPending(null)} onExport={startExport} />
      </>
    );
  }
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
            <a
              href={exportHref(grid, url.searchParams, format.params)}
              download
              onClick={(event) => {
                event.preventDefault();
                void startExport(event.currentTarget.href);
              }}
            >
              {format.label}
            </a>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/**
 * Asks why personal data is exported, then downloads with the reason (the export's audit entry keeps it).
 * With `canUnmask`, a checkbox asks for full phone numbers instead of masked ones (the same reason covers both).
 */
function ExportReasonDialog({
  href,
  canUnmask,
  onClose,
  onExport,
}: {
  href: string | null;
  canUnmask: boolean;
  onClose: () => void;
  onExport: (href: string) => Promise<void>;
}) {
  const fieldId = useId();
  const [reason, setReason] = useState('');
  const [unmask, setUnmask] = useState(false);
  const [error, setError] = useState<string[] | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (!text) return setError(['Say why this personal data is exported.']);
    void onExport(`${href}&reason=${encodeURIComponent(text)}${canUnmask && unmask ? '&unmaskPhones=true' : ''}`);
    setReason('');
    setUnmask(false);
    setError(undefined);
    onClose();
  };
  return (
    <Dialog open={href !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>Why is this exported?</DialogTitle>
            <DialogDescription>
              {unmask && canUnmask
                ? 'The file holds full phone numbers. The export is marked as unmasked, and the reason is recorded with it in the audit trail.'
                : 'The file holds personal data (masked). The reason is recorded with the export in the audit trail.'}
            </DialogDescription>
          </DialogHeader>
          {canUnmask && (
            <div className="flex items-center gap-2">
              <Checkbox id={`${fieldId}-unmask`} checked={unmask} onCheckedChange={(checked) => setUnmask(checked === true)} />
              <Label htmlFor={`${fieldId}-unmask`}>Include full phone numbers</Label>
            </div>
          )}
          <div className="flex flex-col gap-2">
            <Label htmlFor={fieldId}>Reason</Label>
            <Textarea
              id={fieldId}
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${fieldId}-error` : undefined}
            />
            <FieldError id={`${fieldId}-error`} errors={error} />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">
              <DownloadIcon aria-hidden /> Export
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
