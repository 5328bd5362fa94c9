'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import { DataTableDateRangeFilter } from '@/components/data-table/data-table-date-range-filter';
import { DataTableExport } from '@/components/data-table/data-table-export';
import { DataTableViewOptions, type ColumnOption } from '@/components/data-table/data-table-view-options';
import { useDataTable, useGridUrl, type GridPage, type GridQuery } from '@/components/data-table/use-data-table';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { ChainBlockListRowDto } from '@/lib/chain/chain.dto';
import { formatCount } from '../_components/format';
import { blockHref, HexLink } from '../_components/hex-link';
import { StreamStatus, useNewBlocks } from '../_components/use-new-blocks';
import { formatUtc } from '@/lib/display-time';

export const BLOCK_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'number', label: 'Block' },
  { id: 'hash', label: 'Hash' },
  { id: 'mined', label: 'Mined (UTC)' },
  { id: 'transactions', label: 'Transactions' },
  { id: 'gasUsed', label: 'Gas used' },
  { id: 'miner', label: 'Miner' },
];
const label = (id: string) => BLOCK_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

const columns: ColumnDef<ChainBlockListRowDto, unknown>[] = [
  {
    id: 'number',
    accessorKey: 'blockNumber',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('number')} />,
    cell: ({ row }) => (row.original.blockNumber ? <HexLink value={row.original.blockNumber} href={blockHref(row.original.blockNumber)} full /> : '—'),
  },
  { id: 'hash', enableSorting: false, header: label('hash'), cell: ({ row }) => <HexLink value={row.original.blockHash} /> },
  {
    id: 'mined',
    enableSorting: false,
    header: label('mined'),
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{formatUtc(row.original.minedAt)}</span>,
  },
  {
    id: 'transactions',
    enableSorting: false,
    header: label('transactions'),
    cell: ({ row }) => <span className="tabular-nums">{row.original.transactionCount ?? '—'}</span>,
  },
  {
    id: 'gasUsed',
    enableSorting: false,
    header: label('gasUsed'),
    cell: ({ row }) => <span className="tabular-nums">{row.original.gasUsed === null ? '—' : formatCount(Number(row.original.gasUsed))}</span>,
  },
  { id: 'miner', enableSorting: false, header: label('miner'), cell: ({ row }) => <HexLink value={row.original.miner} /> },
];

/** Mined-time filter, jump to a number, the column picker; outside the grid's Suspense boundary like every grid toolbar. */
export function BlocksToolbar({ defaultColumns, canExport }: { defaultColumns: string[]; canExport: boolean }) {
  const url = useGridUrl();
  const router = useRouter();
  const [jump, setJump] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <DataTableDateRangeFilter url={url} name="mined" title="Mined" />
      <form
        className="flex items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const text = jump.trim();
          if (!/^\d{1,18}$/.test(text)) return setJumpError('A block number is a whole number.');
          setJumpError(null);
          router.push(blockHref(BigInt(text).toString()));
        }}
      >
        <Input
          aria-label="Go to block number"
          placeholder="Block number"
          inputMode="numeric"
          value={jump}
          onChange={(event) => setJump(event.target.value)}
          aria-invalid={jumpError !== null}
          aria-describedby={jumpError ? 'jump-error' : undefined}
          className="h-8 w-36"
        />
        <Button type="submit" size="sm" variant="outline">
          Go to block
        </Button>
        {jumpError && (
          <span id="jump-error" role="alert" className="text-sm text-destructive">
            {jumpError}
          </span>
        )}
      </form>
      <div className="ml-auto flex items-center gap-2">
        {canExport && <DataTableExport url={url} grid="blocks" />}
        <DataTableViewOptions url={url} columns={BLOCK_COLUMN_OPTIONS} defaultColumns={defaultColumns} />
      </div>
    </div>
  );
}

/**
 * New blocks while the grid is open: on the newest-first first page the rows are fetched again in place;
 * deeper in (or sorted oldest first) the grid stays put and offers a link to the newest blocks instead.
 */
export function BlocksLiveNotice({ followsHead }: { followsHead: boolean }) {
  const router = useRouter();
  const [waiting, setWaiting] = useState(0);
  const onBlocks = useCallback(
    (blocks: unknown[]) => {
      if (followsHead) router.refresh();
      else setWaiting((count) => count + blocks.length);
    },
    [followsHead, router],
  );
  const state = useNewBlocks(onBlocks);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <StreamStatus state={state} />
      {waiting > 0 && (
        <p role="status" className="text-sm">
          {formatCount(waiting)} new {waiting === 1 ? 'block' : 'blocks'} stored since this page opened.{' '}
          <Link href="/explorer/blocks" className="text-primary underline-offset-4 hover:underline">
            Show the newest
          </Link>
        </p>
      )}
    </div>
  );
}

export function BlocksTable({ blocks, query, page }: { blocks: ChainBlockListRowDto[]; query: GridQuery; page: GridPage }) {
  const grid = useDataTable({ data: blocks, columns, query, getRowId: (block) => block.id });
  return (
    <DataTable
      grid={grid}
      page={page}
      caption="Blocks"
      emptyMessage="No blocks are stored yet."
      testId="blocks-grid"
      rowHref={(block) => (block.blockNumber ? blockHref(block.blockNumber) : '/explorer/blocks')}
    />
  );
}
