import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccessDenied } from '@/components/ui/access-denied';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import type { ChainTransactionDetailDto, LogEntryDetailDto } from '@/lib/explorer/explorer.dto';
import { findTransactionByHash } from '@/lib/explorer/explorer.repository';
import { transactionHashSchema } from '@/lib/explorer/explorer.schemas';
import { loadPage } from '@/lib/page';
import { DetailList } from '../../_components/detail-list';
import { ExplorerNav } from '../../_components/explorer-nav';
import { formatCount, formatDecimal, weiToTokens } from '../../_components/format';
import { addressHref, blockHref, HexLink } from '../../_components/hex-link';
import { formatUtc } from '@/lib/display-time';

type Params = Promise<{ hash: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { hash } = await params;
  return { title: `Transaction ${hash.slice(0, 10)}… · Explorer` };
}

const address = (value: string | null) => (value ? <HexLink value={value} href={addressHref(value)} full /> : '—');
const block = (value: string | null) => (value ? <HexLink value={value} href={blockHref(value)} full /> : '—');

function ChainSide({ tx }: { tx: ChainTransactionDetailDto }) {
  return (
    <DetailList
      testId="chain-transaction"
      items={[
        { label: 'Status', value: tx.status ? <Badge variant={tx.status === 'success' ? 'success' : 'outline'}>{tx.status}</Badge> : '—' },
        { label: 'Block', value: block(tx.blockNumber) },
        { label: 'Position in block', value: tx.transactionIndex ?? '—' },
        { label: 'Mined (UTC)', value: <span className="font-mono">{formatUtc(tx.minedAt)}</span> },
        { label: 'From', value: address(tx.fromAddress) },
        { label: 'To', value: address(tx.toAddress) },
        { label: 'Value', value: <span className="tabular-nums">{formatDecimal(weiToTokens(tx.valueWei))}</span> },
        { label: 'Value (wei)', value: <span className="font-mono break-all">{tx.valueWei ?? '—'}</span> },
        { label: 'Gas used', value: tx.gasUsed ? formatCount(Number(tx.gasUsed)) : '—' },
        { label: 'Gas price (wei)', value: <span className="font-mono">{tx.gasPriceWei ?? '—'}</span> },
        { label: 'Type', value: tx.txType ?? '—' },
      ]}
    />
  );
}

function LogSide({ entry, showIdentity }: { entry: LogEntryDetailDto; showIdentity: boolean }) {
  return (
    <DetailList
      testId="log-entry"
      items={[
        { label: 'Type', value: entry.type ? <Badge variant="outline">{entry.type}</Badge> : '—' },
        { label: 'Sub-type · action', value: [entry.subType, entry.action].filter(Boolean).join(' · ') || '—' },
        { label: 'When (UTC)', value: <span className="font-mono">{formatUtc(entry.occurredAt)}</span> },
        { label: 'Wallet', value: address(entry.walletAddress) },
        { label: 'Sender', value: address(entry.senderWalletAddress) },
        { label: 'Phone', value: entry.phoneMasked ? <span className="font-mono">{entry.phoneMasked}</span> : '—' },
        { label: 'Amount', value: <span className="tabular-nums">{formatDecimal(entry.amount)}</span> },
        { label: 'Block', value: block(entry.blockNumber) },
        ...(showIdentity ? [{ label: 'Identity', value: <HexLink value={entry.identityHash} full /> }] : []),
        { label: 'Legacy id', value: entry.legacyId ?? '—' },
      ]}
    />
  );
}

export default async function TransactionPage({ params }: { params: Params }) {
  const parsed = transactionHashSchema.safeParse((await params).hash);
  if (!parsed.success) notFound();
  const hash = parsed.data;
  const page = await loadPage('explorer:read', async ({ em, actor }) => {
    const showIdentity = hasPermission(actor.role, 'explorer:identities');
    return { ...(await findTransactionByHash(em, hash, { showIdentity })), showIdentity };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { chain, log, showIdentity } = page.data;
  if (chain.length === 0 && log.length === 0) notFound();

  return (
    <>
      <PageHeader title="Transaction" description={<span className="font-mono break-all">{hash}</span>} />
      <ExplorerNav current="transactions" />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="chain-side-title" className="grid content-start gap-3">
          <h2 id="chain-side-title" className="text-lg font-semibold tracking-tight">
            On the chain
          </h2>
          {chain.length ? (
            chain.map((tx) => <ChainSide key={tx.id} tx={tx} />)
          ) : (
            <p className="rounded-xl border border-dashed p-4 text-sm text-muted-foreground">No chain transaction with this hash is stored.</p>
          )}
        </section>
        <section aria-labelledby="log-side-title" className="grid content-start gap-3">
          <h2 id="log-side-title" className="text-lg font-semibold tracking-tight">
            In the transaction log
          </h2>
          {log.length ? (
            log.map((entry) => <LogSide key={entry.id} entry={entry} showIdentity={showIdentity} />)
          ) : (
            <p className="rounded-xl border border-dashed p-4 text-sm text-muted-foreground">No transaction-log entry carries this hash.</p>
          )}
        </section>
      </div>
    </>
  );
}
