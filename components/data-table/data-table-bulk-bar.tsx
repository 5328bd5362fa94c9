'use client';

import { XIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { formatTotal } from './format-total';
import type { GridSelection } from './use-data-table';

/** Says what the bulk actions will act on: the ticked rows, or every row the filter matches. */
export function DataTableBulkBar({ selection, onClear, children }: { selection: GridSelection; onClear: () => void; children: ReactNode }) {
  const label =
    selection.kind === 'rows'
      ? `${selection.ids.length} ${selection.ids.length === 1 ? 'row' : 'rows'} selected`
      : `All ${formatTotal(selection.total)} rows matching this filter selected`;
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 rounded-md border border-primary/40 bg-primary/5 px-3 py-2 text-sm"
    >
      <span data-testid="selection-count" className="font-medium">
        {label}
      </span>
      <div className="ml-auto flex items-center gap-2">
        {children}
        <Button variant="ghost" size="sm" onClick={onClear}>
          <XIcon aria-hidden /> Clear selection
        </Button>
      </div>
    </div>
  );
}
