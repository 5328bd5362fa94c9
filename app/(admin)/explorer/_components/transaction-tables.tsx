import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ChainTransactionDetailDto, ExplorerTransactionRowDto, LogEntryDetailDto } from '@/lib/explorer/explorer.dto';
import { formatDecimal, weiToTokens } from './format';
import { addressHref, blockHref, HexLink, transactionHref } from './hex-link';
import { formatUtc } from '@/lib/display-time';

/** Chain transactions as a plain table (a block's, an address's latest). */
export function ChainTransactionTable({
  transactions,
  caption,
  emptyMessage,
}: {
  transactions: ChainTransactionDetailDto[];
  caption: string;
  emptyMessage: string;
}) {
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <Table>
        <TableCaption className="sr-only">{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Hash</TableHead>
            <TableHead>Block</TableHead>
            <TableHead>From</TableHead>
            <TableHead>To</TableHead>
            <TableHead className="text-right">Value</TableHead>
            <TableHead>Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {transactions.length === 0 ? (
            <TableRow>
              <TableCell colSpan={6} className="py-6 text-center text-muted-foreground">
                {emptyMessage}
              </TableCell>
            </TableRow>
          ) : (
            transactions.map((tx) => (
              <TableRow key={tx.id}>
                <TableCell>
                  <HexLink value={tx.txHash} href={transactionHref(tx.txHash)} />
                </TableCell>
                <TableCell>{tx.blockNumber ? <HexLink value={tx.blockNumber} href={blockHref(tx.blockNumber)} full /> : '—'}</TableCell>
                <TableCell>
                  <HexLink value={tx.fromAddress} href={tx.fromAddress ? addressHref(tx.fromAddress) : undefined} />
                </TableCell>
                <TableCell>
                  <HexLink value={tx.toAddress} href={tx.toAddress ? addressHref(tx.toAddress) : undefined} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatDecimal(weiToTokens(tx.valueWei))}</TableCell>
                <TableCell>{tx.status ? <Badge variant={tx.status === 'success' ? 'success' : 'outline'}>{tx.status}</Badge> : '—'}</TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}

/** Transaction-log entries as a plain table: the masked phone at most, the identity only when the role may see it. */
export function LogEntryTable({
  entries,
  caption,
  emptyMessage,
  showIdentity,
}: {
  entries: LogEntryDetailDto[];
  caption: string;
  emptyMessage: string;
  showIdentity: boolean;
}) {
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <Table>
        <TableCaption className="sr-only">{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>When (UTC)</TableHead>
            <TableHead>Type</TableHead>
            <TableHead>Wallet</TableHead>
            <TableHead className="text-right">Amount</TableHead>
            <TableHead>Tx hash</TableHead>
            {showIdentity && <TableHead>Identity</TableHead>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.length === 0 ? (
            <TableRow>
              <TableCell colSpan={showIdentity ? 6 : 5} className="py-6 text-center text-muted-foreground">
                {emptyMessage}
              </TableCell>
            </TableRow>
          ) : (
            entries.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell className="font-mono whitespace-nowrap">{formatUtc(entry.occurredAt)}</TableCell>
                <TableCell>{entry.type ? <Badge variant="outline">{entry.type}</Badge> : '—'}</TableCell>
                <TableCell>
                  <HexLink value={entry.walletAddress} href={entry.walletAddress ? addressHref(entry.walletAddress) : undefined} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatDecimal(entry.amount)}</TableCell>
                <TableCell>
                  <HexLink value={entry.txHash} href={entry.txHash ? transactionHref(entry.txHash) : undefined} />
                </TableCell>
                {showIdentity && (
                  <TableCell>
                    <HexLink value={entry.identityHash} />
                  </TableCell>
                )}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}

/** Rows of the unified list as a plain table (an address's latest). */
export function ExplorerTransactionList({ rows, caption, emptyMessage }: { rows: ExplorerTransactionRowDto[]; caption: string; emptyMessage: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <Table data-testid="address-transactions">
        <TableCaption className="sr-only">{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>When (UTC)</TableHead>
            <TableHead>Source</TableHead>
            <TableHead>Type</TableHead>
            <TableHead>Tx hash</TableHead>
            <TableHead>From</TableHead>
            <TableHead>To / wallet</TableHead>
            <TableHead className="text-right">Amount</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={7} className="py-6 text-center text-muted-foreground">
                {emptyMessage}
              </TableCell>
            </TableRow>
          ) : (
            rows.map((row) => (
              <TableRow key={row.id}>
                <TableCell className="font-mono whitespace-nowrap">{formatUtc(row.time)}</TableCell>
                <TableCell>
                  <Badge variant={row.source === 'chain' ? 'secondary' : 'outline'}>{row.source === 'chain' ? 'Chain' : 'Log'}</Badge>
                </TableCell>
                <TableCell>{row.type ?? '—'}</TableCell>
                <TableCell>
                  <HexLink value={row.hash} href={row.hash ? transactionHref(row.hash) : undefined} />
                </TableCell>
                <TableCell>
                  <HexLink value={row.fromAddress} href={row.fromAddress ? addressHref(row.fromAddress) : undefined} />
                </TableCell>
                <TableCell>
                  <HexLink value={row.toAddress} href={row.toAddress ? addressHref(row.toAddress) : undefined} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatDecimal(row.amount)}</TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}
