import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccessDenied } from '@/components/ui/access-denied';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { hasPermission } from '@/lib/auth/permissions';
import { findBlocksByNumber, findBlockTransactions, findPlaceholderBlock } from '@/lib/explorer/explorer.repository';
import { blockNumberSchema } from '@/lib/explorer/explorer.schemas';
import { loadPage } from '@/lib/page';
import { DetailList } from '../../_components/detail-list';
import { ExplorerNav } from '../../_components/explorer-nav';
import { formatCount } from '../../_components/format';
import { addressHref, blockHref, HexLink } from '../../_components/hex-link';
import { ChainTransactionTable, LogEntryTable } from '../../_components/transaction-tables';
import { formatUtc } from '@/lib/display-time';

type Params = Promise<{ number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Block ${(await params).number} · Explorer` };
}

export default async function BlockPage({ params }: { params: Params }) {
  const parsed = blockNumberSchema.safeParse((await params).number);
  if (!parsed.success) notFound();
  const blockNumber = parsed.data;
  const page = await loadPage('explorer:read', async ({ em, actor }) => {
    const showIdentity = hasPermission(actor.role, 'explorer:identities');
    const blocks = await findBlocksByNumber(em, blockNumber);
    const placeholder = blocks.length ? null : await findPlaceholderBlock(em, blockNumber);
    const named = blocks.length > 0 || placeholder !== null;
    return { blocks, placeholder, showIdentity, transactions: named ? await findBlockTransactions(em, blockNumber, { showIdentity }) : null };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { blocks, placeholder, transactions, showIdentity } = page.data;
  if (!transactions) notFound();
  const previous = BigInt(blockNumber) > 0n ? (BigInt(blockNumber) - 1n).toString() : null;
  const next = (BigInt(blockNumber) + 1n).toString();
  const transactionSections = (
    <>
      <Section id="chain-transactions" title="Chain transactions" description={`${transactions.chain.length} in this block.`}>
        <ChainTransactionTable
          transactions={transactions.chain}
          caption={`Chain transactions of block ${blockNumber}`}
          emptyMessage="This block has no chain transactions stored."
        />
      </Section>
      <Section id="log-entries" title="Transaction-log entries" description="Platform records that name this block.">
        <LogEntryTable
          entries={transactions.log}
          caption={`Transaction-log entries of block ${blockNumber}`}
          emptyMessage="No transaction-log entry names this block."
          showIdentity={showIdentity}
        />
      </Section>
    </>
  );
  const navigation = (
    <>
      {previous && (
        <Button asChild variant="outline" size="sm">
          <Link href={blockHref(previous)}>Previous block</Link>
        </Button>
      )}
      <Button asChild variant="outline" size="sm">
        <Link href={blockHref(next)}>Next block</Link>
      </Button>
    </>
  );
  if (placeholder) {
    // Transactions name a block the history lacks (the import keeps them, decision 081): shown, not a 404.
    return (
      <>
        <PageHeader title={`Block ${formatCount(Number(blockNumber))}`} description="Not in the chain history" actions={navigation} />
        <ExplorerNav current="blocks" />
        <Alert variant="warning" className="mb-4" data-testid="block-not-in-history">
          <AlertTitle>
            Block #{blockNumber} is not in the chain history; {formatCount(placeholder.transactionCount)}{' '}
            {placeholder.transactionCount === 1 ? 'transaction names' : 'transactions name'} it.
          </AlertTitle>
          <AlertDescription>
            full-chain-history.json holds no block with this number, while persistent-transactions.json does name it. The migration keeps those transactions and
            lists them in its anomaly report (blockNotInHistory).
          </AlertDescription>
        </Alert>
        {transactionSections}
      </>
    );
  }
  const [block] = blocks;

  return (
    <>
      <PageHeader title={`Block ${formatCount(Number(blockNumber))}`} description={`Mined ${formatUtc(block.minedAt)} UTC`} actions={navigation} />
      <ExplorerNav current="blocks" />
      {blocks.length > 1 && (
        <Alert variant="warning" className="mb-4">
          <AlertTitle>{blocks.length} stored blocks have this number.</AlertTitle>
          <AlertDescription>The legacy chain history held the number more than once; the first is shown, the others are listed below it.</AlertDescription>
        </Alert>
      )}
      <DetailList
        testId="block-details"
        items={[
          { label: 'Number', value: <span className="font-mono">{block.blockNumber}</span> },
          { label: 'Hash', value: <HexLink value={block.blockHash} full /> },
          {
            label: 'Parent hash',
            value: previous ? <HexLink value={block.parentHash} href={blockHref(previous)} full /> : <HexLink value={block.parentHash} full />,
          },
          { label: 'Mined (UTC)', value: <span className="font-mono">{formatUtc(block.minedAt)}</span> },
          { label: 'Transactions', value: block.transactionCount ?? '—' },
          {
            label: 'Gas used / limit',
            value: `${block.gasUsed ? formatCount(Number(block.gasUsed)) : '—'} / ${block.gasLimit ? formatCount(Number(block.gasLimit)) : '—'}`,
          },
          { label: 'Base fee (wei)', value: block.baseFeePerGas ?? '—' },
          { label: 'Size (bytes)', value: block.sizeBytes === null ? '—' : formatCount(block.sizeBytes) },
          { label: 'Miner', value: block.miner ? <HexLink value={block.miner} href={addressHref(block.miner)} full /> : '—' },
        ]}
      />
      {blocks.length > 1 && (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {blocks.slice(1).map((other) => (
            <li key={other.id}>
              Also stored: hash <HexLink value={other.blockHash} full />, mined {formatUtc(other.minedAt)} UTC
            </li>
          ))}
        </ul>
      )}
      {transactionSections}
    </>
  );
}
