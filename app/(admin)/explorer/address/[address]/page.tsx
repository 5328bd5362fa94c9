import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccessDenied } from '@/components/ui/access-denied';
import { Badge } from '@/components/ui/badge';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { hasPermission } from '@/lib/auth/permissions';
import { findExplorerTransactionPage } from '@/lib/explorer/explorer-transactions.repository';
import { findAddressDetail } from '@/lib/explorer/explorer.repository';
import { addressSchema, listExplorerTransactionQuerySchema } from '@/lib/explorer/explorer.schemas';
import { loadPage } from '@/lib/page';
import { DetailList } from '../../_components/detail-list';
import { ExplorerNav } from '../../_components/explorer-nav';
import { formatCount, formatDecimal } from '../../_components/format';
import { blockHref, HexLink, transactionHref } from '../../_components/hex-link';
import { ExplorerTransactionList } from '../../_components/transaction-tables';
import { formatUtc } from '@/lib/display-time';

type Params = Promise<{ address: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { address } = await params;
  return { title: `Address ${address.slice(0, 10)}… · Explorer` };
}

const LATEST = 25;
const countText = (value: number) => (value > 10_000 ? '10,000+' : formatCount(value));

export default async function AddressPage({ params }: { params: Params }) {
  const parsed = addressSchema.safeParse((await params).address);
  if (!parsed.success) notFound();
  const address = parsed.data;
  const page = await loadPage('explorer:read', async ({ em, actor }) => {
    const showIdentity = hasPermission(actor.role, 'explorer:identities');
    const detail = await findAddressDetail(em, address, { showIdentity });
    const latest = await findExplorerTransactionPage(em, listExplorerTransactionQuerySchema.parse({ address, pageSize: String(LATEST) }), { showIdentity });
    return { detail, latest: latest.rows, showIdentity, canOpenUsers: hasPermission(actor.role, 'users:read') };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { detail, latest, showIdentity, canOpenUsers } = page.data;
  const known = detail.wallets.length > 0 || detail.chainTransactionCount > 0 || detail.logEntryCount > 0;

  return (
    <>
      <PageHeader title="Address" description={<span className="font-mono break-all">{address}</span>} />
      <ExplorerNav current="wallets" />
      {!known && (
        <p role="status" className="mb-4 rounded-xl border border-dashed p-4 text-sm text-muted-foreground">
          Nothing is stored for this address: no directory wallet, chain transaction or log entry names it.
        </p>
      )}
      <KpiGrid>
        {detail.wallets.map((wallet) => (
          <KpiCard
            key={`${wallet.id}-egp`}
            label="EGP balance"
            value={formatDecimal(wallet.balanceEgp)}
            detail={`as of ${formatUtc(wallet.lastUpdatedAt)}`}
            testId="balance-egp"
          />
        ))}
        {detail.wallets.map((wallet) => (
          <KpiCard key={`${wallet.id}-hvt`} label="HVT balance" value={formatDecimal(wallet.balanceHvt)} testId="balance-hvt" />
        ))}
        <KpiCard label="Chain transactions" value={countText(detail.chainTransactionCount)} testId="address-chain-count" />
        <KpiCard label="Log entries" value={countText(detail.logEntryCount)} testId="address-log-count" />
      </KpiGrid>

      {detail.wallets.map((wallet) => (
        <Section key={wallet.id} id={`wallet-${wallet.id}`} title="Directory wallet">
          <DetailList
            testId="wallet-details"
            items={[
              { label: 'Phone', value: wallet.phoneMasked ? <span className="font-mono">{wallet.phoneMasked}</span> : '—' },
              { label: 'Created (UTC)', value: <span className="font-mono">{formatUtc(wallet.createdAt)}</span> },
              {
                label: 'Created in block',
                value: wallet.createdBlock ? <HexLink value={wallet.createdBlock} href={blockHref(wallet.createdBlock)} full /> : '—',
              },
              {
                label: 'Creation transaction',
                value: wallet.creationTxHash ? <HexLink value={wallet.creationTxHash} href={transactionHref(wallet.creationTxHash)} full /> : '—',
              },
              ...(showIdentity ? [{ label: 'Identity', value: <HexLink value={wallet.identityHash} full /> }] : []),
            ]}
          />
        </Section>
      ))}

      {showIdentity && (
        <Section id="linked-user" title="Linked user" description="The registered user this address belongs to.">
          {detail.linkedUser ? (
            <DetailList
              testId="linked-user"
              items={[
                {
                  label: 'Identity',
                  value: canOpenUsers ? (
                    <Link href={`/users?q=${detail.linkedUser.identityHash}`} className="font-mono break-all text-primary underline-offset-4 hover:underline">
                      {detail.linkedUser.identityHash}
                    </Link>
                  ) : (
                    <span className="font-mono break-all">{detail.linkedUser.identityHash}</span>
                  ),
                },
                { label: 'KYC', value: <Badge variant="outline">{detail.linkedUser.kycStatus.replace(/_/g, ' ')}</Badge> },
                { label: 'Tier', value: detail.linkedUser.tier ?? '—' },
              ]}
            />
          ) : (
            <p className="rounded-xl border border-dashed p-4 text-sm text-muted-foreground">No registered user owns this address.</p>
          )}
        </Section>
      )}

      <Section
        id="address-transactions"
        title="Latest transactions"
        description={
          <>
            The newest {LATEST}. <Link href={`/explorer/transactions?address=${address}`}>All transactions of this address</Link>
          </>
        }
      >
        <ExplorerTransactionList rows={latest} caption={`Latest transactions of ${address}`} emptyMessage="No transaction names this address." />
      </Section>
    </>
  );
}
