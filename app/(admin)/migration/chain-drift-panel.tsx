import Link from 'next/link';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ChainBlockDriftDto } from '@/lib/chain/chain-ingest.repository';

/** Block numbers the legacy chain file holds with another hash than the chain node (decision 069); the newest first. */
export function ChainDriftPanel({ drift }: { drift: { total: number; rows: ChainBlockDriftDto[] } }) {
  if (drift.total === 0) return <p className="text-sm text-muted-foreground">Every block the legacy file and the chain both hold has the same hash.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <Table data-testid="chain-drift">
        <TableCaption className="sr-only">Blocks whose legacy hash differs from the chain’s</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Block</TableHead>
            <TableHead>Legacy file hash</TableHead>
            <TableHead>Chain hash</TableHead>
            <TableHead>Found (UTC)</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {drift.rows.map((row) => (
            <TableRow key={row.blockNumber}>
              <TableCell>
                <Link href={`/explorer/blocks/${row.blockNumber}`} className="font-mono text-sm underline-offset-4 hover:underline">
                  {row.blockNumber}
                </Link>
              </TableCell>
              <TableCell className="font-mono text-xs break-all">{row.legacyBlockHash ?? '—'}</TableCell>
              <TableCell className="font-mono text-xs break-all">{row.chainBlockHash}</TableCell>
              <TableCell className="font-mono text-sm whitespace-nowrap">{row.detectedAt.slice(0, 19).replace('T', ' ')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
