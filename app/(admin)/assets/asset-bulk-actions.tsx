'use client';

import { ArchiveIcon, ArrowRightLeftIcon, LayersIcon, ShieldIcon } from 'lucide-react';
import { useState } from 'react';
import type { GridSelection } from '@/components/data-table/use-data-table';
import { Button } from '@/components/ui/button';
import type { BulkAssetScope } from '@/lib/assets/bulk-asset-change.schemas';
import { BulkChangeDialog, type BulkOperationName } from './asset-bulk-dialog';

const OPERATIONS: Array<{ name: BulkOperationName; label: string; icon: typeof ArchiveIcon }> = [
  { name: 'status', label: 'Change status', icon: ArrowRightLeftIcon },
  { name: 'category', label: 'Change category', icon: LayersIcon },
  { name: 'minTier', label: 'Set minimum tier', icon: ShieldIcon },
  { name: 'archive', label: 'Archive', icon: ArchiveIcon },
];

/** What the grid's selection means to the bulk change: the ticked rows' legacy ids, or the grid's filter itself. */
export function scopeOf(selection: GridSelection): BulkAssetScope {
  return selection.kind === 'rows' ? { kind: 'rows', ids: selection.ids } : { kind: 'matching', filter: selection.filter };
}

/** The bulk bar's actions on the assets grid: each opens a dialog that previews, applies and reports. */
export function AssetBulkActions({ selection }: { selection: GridSelection }) {
  const [open, setOpen] = useState<BulkOperationName | null>(null);
  return (
    <>
      {OPERATIONS.map(({ name, label, icon: Icon }) => (
        <Button key={name} type="button" size="sm" variant="outline" onClick={() => setOpen(name)}>
          <Icon aria-hidden /> {label}
        </Button>
      ))}
      {open && <BulkChangeDialog key={open} operation={open} scope={scopeOf(selection)} onClose={() => setOpen(null)} />}
    </>
  );
}
