'use client';

import { useCallback, useState } from 'react';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { BlockSummaryDto } from '@/lib/explorer/explorer.dto';
import { formatCount } from './format';
import { blockHref, HexLink } from './hex-link';
import { StreamStatus, useNewBlocks } from './use-new-blocks';
import { formatUtc } from '@/lib/display-time';

const SHOWN = 10;

/** The chain head figure and the latest blocks, both following the new-block stream without a reload. */
export function LiveLatestBlocks({ initialBlocks, initialHeight }: { initialBlocks: BlockSummaryDto[]; initialHeight: string | null }) {
  const [blocks, setBlocks] = useState(initialBlocks);
  const [height, setHeight] = useState(initialHeight);
  const onBlocks = useCallback((fresh: BlockSummaryDto[]) => {
    setBlocks((current) => {
      const known = new Set(current.map((block) => block.id));
      return [...fresh.filter((block) => !known.has(block.id)), ...current].slice(0, SHOWN);
    });
    setHeight((current) => {
      const newest = fresh[0]?.blockNumber;
      return newest && (current === null || BigInt(newest) > BigInt(current)) ? newest : current;
    });
  }, []);
  const state = useNewBlocks(onBlocks);

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          Block height{' '}
          <span data-testid="block-height" className="ml-1 text-2xl font-semibold tracking-tight text-foreground tabular-nums">
            {height === null ? '—' : formatCount(Number(height))}
          </span>
        </p>
        <StreamStatus state={state} />
      </div>
      <div className="overflow-x-auto rounded-xl border bg-card">
        <Table data-testid="latest-blocks">
          <TableCaption className="sr-only">The latest blocks, newest first; new blocks are added as they are stored.</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Block</TableHead>
              <TableHead>Hash</TableHead>
              <TableHead>Mined (UTC)</TableHead>
              <TableHead className="text-right">Transactions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody aria-live="polite" aria-relevant="additions">
            {blocks.length === 0 ? (
              <TableRow>
                <TableCell colSpan={4} className="py-6 text-center text-muted-foreground">
                  No blocks stored yet. They appear here as soon as they are.
                </TableCell>
              </TableRow>
            ) : (
              blocks.map((block) => (
                <TableRow key={block.id}>
                  <TableCell>{block.blockNumber ? <HexLink value={block.blockNumber} href={blockHref(block.blockNumber)} full /> : '—'}</TableCell>
                  <TableCell>
                    <HexLink value={block.blockHash} />
                  </TableCell>
                  <TableCell className="font-mono text-sm whitespace-nowrap">{formatUtc(block.minedAt)}</TableCell>
                  <TableCell className="text-right tabular-nums">{block.transactionCount ?? '—'}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
