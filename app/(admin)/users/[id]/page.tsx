import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AccessDenied } from '@/components/ui/access-denied';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { AuditChangesTable } from '@/components/audit/audit-changes-table';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { hasPermission } from '@/lib/auth/permissions';
import { loadPage } from '@/lib/page';
import { recordUserDataAccess } from '@/lib/users/user-data-access';
import type { UserAuditEntryDto } from '@/lib/users/user-page.dto';
import {
  findUserAudit,
  findUserConsents,
  findUserDataAccess,
  findUserIdentity,
  findUserInvestments,
  findUserServerLogs,
  findUserTransactions,
  findUserWallets,
  tierHistory,
} from '@/lib/users/user-page.repository';
import { identityIdSchema } from '@/lib/users/user-page.schemas';
import { formatDecimal, weiToTokens } from '../../explorer/_components/format';
import { addressHref, HexLink } from '../../explorer/_components/hex-link';
import { ExplorerTransactionList } from '../../explorer/_components/transaction-tables';
import { StatusBadge } from '../../kyc/kyc-display';
import { ChangeTierDialog } from '@/components/users/change-tier-dialog';
import { AccountStatusControl } from './account-status-control';
import { DataPackageButton } from './data-package-button';
import { RevealPhone } from './reveal-phone';
import { UserActions } from './user-actions';
import { formatUtc } from '@/lib/display-time';

export const metadata: Metadata = { title: 'User' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

const SOURCE_LABELS = {
  registry: 'wallet-db.json (registered)',
  identityMap: 'identity map',
  walletDirectory: 'wallet directory',
  kyc: 'KYC',
  transactions: 'transaction log',
  consents: 'consents',
} as const;

function Fields({ rows, testId }: { rows: Array<[string, ReactNode]>; testId?: string }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[11rem_1fr]" data-testid={testId}>
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const ACCESS_KIND_LABELS = { page_view: 'Viewed this page', phone_reveal: 'Revealed the phone number', data_package: 'Downloaded the data package' } as const;

const muted = (text: string) => <span className="text-muted-foreground">{text}</span>;
const shownValue = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

export default async function UserPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const parsedId = identityIdSchema.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const query = await searchParams;
  const page = await loadPage('users:read', async ({ em, actor }) => {
    const canReveal = hasPermission(actor.role, 'users:reveal-pii');
    const showIdentityHash = canReveal || hasPermission(actor.role, 'explorer:identities');
    const identity = await findUserIdentity(em, id, { showIdentityHash: true });
    if (!identity) return null;
    const identityHash = identity.identityHash!;
    // Every view of a person's data is recorded, before anything of it is served.
    await recordUserDataAccess(em, { identityId: id, actor, kind: 'page_view' });
    const [wallets, transactions, investments, consents, serverLogs, audit, access] = await Promise.all([
      findUserWallets(em.fork(), identityHash),
      findUserTransactions(em.fork(), identityHash, { cursor: single(query.cursor), direction: single(query.direction) }),
      findUserInvestments(em.fork(), identityHash),
      findUserConsents(em.fork(), identityHash),
      findUserServerLogs(em.fork(), identityHash),
      findUserAudit(em.fork(), { id, identityHash }),
      findUserDataAccess(em.fork(), id),
    ]);
    return {
      identity: { ...identity, identityHash: showIdentityHash ? identityHash : null },
      kycHref: showIdentityHash && hasPermission(actor.role, 'kyc:read') ? `/kyc/${identityHash}` : null,
      wallets,
      transactions,
      investments,
      consents,
      serverLogs,
      audit,
      access,
      canReveal,
      canWrite: hasPermission(actor.role, 'users:write'),
    };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  if (!page.data) notFound();
  const { identity, kycHref, wallets, transactions, investments, consents, serverLogs, audit, access, canReveal, canWrite } = page.data;
  const tiers = tierHistory(audit);
  const statusUnavailable = !identity.registered
    ? 'Not registered: no account to suspend.'
    : !identity.canHoldStatus
      ? 'No identity-map record to hold a status.'
      : null;

  return (
    <>
      <PageHeader
        crumb={identity.walletAddress ? `User ${identity.walletAddress.slice(0, 10)}…` : 'User'}
        title={
          <span className="flex flex-wrap items-center gap-3">
            User {identity.walletAddress ? <span className="font-mono text-xl">{identity.walletAddress.slice(0, 10)}…</span> : null}
            {!identity.registered && <Badge variant="warning">not registered</Badge>}
          </span>
        }
        description={`Known from: ${(Object.keys(SOURCE_LABELS) as Array<keyof typeof SOURCE_LABELS>)
          .filter((source) => identity.sources[source])
          .map((source) => SOURCE_LABELS[source])
          .join(', ')}`}
        actions={
          <UserActions>
            {canWrite && <ChangeTierDialog identityId={identity.id} currentTier={identity.tier} />}
            <AccountStatusControl identityId={identity.id} status={identity.accountStatus} canWrite={canWrite} unavailableReason={statusUnavailable} />
            {canReveal && <DataPackageButton identityId={identity.id} />}
            <Button variant="outline" asChild>
              <Link href="/users">All users</Link>
            </Button>
          </UserActions>
        }
      />

      {!identity.registered && (
        <p role="status" className="mb-6 rounded-xl border border-dashed p-4 text-sm text-muted-foreground" data-testid="orphan-notice">
          This identity is not in the registry (wallet-db.json): the migration reported it as an orphan. The page shows what the other legacy sources know about
          it.
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="identity" title="Identity">
          <Fields
            testId="user-identity"
            rows={[
              [
                'Phone',
                identity.phoneMasked || identity.hasStoredPhone ? (
                  <RevealPhone identityId={identity.id} masked={identity.phoneMasked} canReveal={canReveal && identity.hasStoredPhone} />
                ) : (
                  muted('no phone on file')
                ),
              ],
              [
                'Wallet',
                identity.walletAddress ? <HexLink value={identity.walletAddress} href={addressHref(identity.walletAddress)} full /> : muted('none known'),
              ],
              [
                'Identity hash',
                identity.identityHash ? (
                  <code className="text-xs break-all">{identity.identityHash}</code>
                ) : (
                  muted('hidden: your role does not show identity hashes')
                ),
              ],
              ['First seen', formatUtc(identity.firstSeenAt)],
            ]}
          />
        </Section>

        <Section id="tier" title="Tier" description="The identity map's tier, and each change the audit trail recorded.">
          <Fields rows={[['Current tier', identity.tier === null ? muted('no tier recorded') : String(identity.tier)]]} />
          {tiers.length === 0 ? (
            <p className="text-sm text-muted-foreground">No tier change is recorded for this user.</p>
          ) : (
            <Table data-testid="tier-history">
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">When (UTC)</TableHead>
                  <TableHead scope="col">From</TableHead>
                  <TableHead scope="col">To</TableHead>
                  <TableHead scope="col">By</TableHead>
                  <TableHead scope="col">Reason</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {tiers.map((change, index) => (
                  <TableRow key={`${change.at}-${index}`}>
                    <TableCell className="font-mono whitespace-nowrap">{formatUtc(change.at)}</TableCell>
                    <TableCell>{shownValue(change.from)}</TableCell>
                    <TableCell>{shownValue(change.to)}</TableCell>
                    <TableCell>{change.actor ?? 'system'}</TableCell>
                    <TableCell dir="auto">{change.reason ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>

        <Section id="kyc" title="KYC application">
          {identity.kyc ? (
            <Fields
              rows={[
                ['Status', <StatusBadge key="status" status={identity.kyc.status} legacy={identity.kyc.statusLegacy} />],
                ['Last updated', formatUtc(identity.kyc.lastUpdatedAt)],
                ['Reviewed', formatUtc(identity.kyc.reviewedAt)],
                ['Case', kycHref ? <Link href={kycHref}>Open the KYC case</Link> : muted('open it from the KYC queue')],
              ]}
            />
          ) : (
            <p className="text-sm text-muted-foreground">No KYC application.</p>
          )}
        </Section>

        <Section id="balances" title="Balances" description="As the wallet directory last recorded them.">
          {wallets.length === 0 ? (
            <p className="text-sm text-muted-foreground">No directory wallet.</p>
          ) : (
            <KpiGrid>
              {wallets.flatMap((wallet) => [
                <KpiCard key={`${wallet.id}-egp`} label="EGP" value={formatDecimal(wallet.balanceEgp)} detail={`as of ${formatUtc(wallet.lastUpdatedAt)}`} />,
                <KpiCard key={`${wallet.id}-hvt`} label="HVT" value={formatDecimal(wallet.balanceHvt)} detail={wallet.address.slice(0, 10) + '…'} />,
              ])}
            </KpiGrid>
          )}
        </Section>
      </div>

      <Section id="transactions" title="Transactions" description="The user's transaction-log entries and the chain transactions of its wallets, newest first.">
        {transactions === 'invalid-page' ? (
          <p role="alert" className="text-sm text-destructive">
            This page link is invalid. <Link href={`/users/${identity.id}#transactions`}>Show the first page</Link>.
          </p>
        ) : (
          <>
            <ExplorerTransactionList rows={transactions.rows} caption="Transactions of this user" emptyMessage="No transactions." />
            <nav aria-label="Transaction pages" className="mt-2 flex gap-2">
              {transactions.prevCursor && (
                <Button variant="outline" size="sm" asChild>
                  <Link href={`/users/${identity.id}?cursor=${transactions.prevCursor}&direction=prev#transactions`}>Newer</Link>
                </Button>
              )}
              {transactions.nextCursor && (
                <Button variant="outline" size="sm" asChild>
                  <Link href={`/users/${identity.id}?cursor=${transactions.nextCursor}&direction=next#transactions`}>Older</Link>
                </Button>
              )}
            </nav>
          </>
        )}
      </Section>

      <Section
        id="investments"
        title="Investments"
        description="Value the user's wallets sent to asset contracts (chain), and pool investments (transaction log)."
      >
        {investments.assets.length === 0 && investments.pools.length === 0 ? (
          <p className="text-sm text-muted-foreground">No investments.</p>
        ) : (
          <Table data-testid="user-investments">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Asset or pool</TableHead>
                <TableHead scope="col" className="text-right">
                  Transactions
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Invested
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Redeemed
                </TableHead>
                <TableHead scope="col">Last (UTC)</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {investments.assets.map((asset) => (
                <TableRow key={asset.assetId}>
                  <TableCell dir="auto">
                    <Link href={`/assets/${asset.assetId}`}>{asset.title ?? 'Untitled asset'}</Link>
                  </TableCell>
                  <TableCell className="text-right">{asset.transactions}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatDecimal(weiToTokens(asset.valueWei))}</TableCell>
                  <TableCell className="text-right">—</TableCell>
                  <TableCell className="font-mono">{formatUtc(asset.lastAt)}</TableCell>
                </TableRow>
              ))}
              {investments.pools.map((pool) => (
                <TableRow key={pool.poolId ?? 'none'}>
                  <TableCell>Pool {pool.poolId ?? '(not named)'}</TableCell>
                  <TableCell className="text-right">{pool.investments + pool.redemptions}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatDecimal(pool.invested)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatDecimal(pool.redeemed)}</TableCell>
                  <TableCell className="font-mono">{formatUtc(pool.lastAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>

      <div className="grid gap-6 2xl:grid-cols-2">
        <Section id="consents" title="Consents" description="consents-db.json records and the consent signatures and terms acceptances of the transaction log.">
          {consents.length === 0 ? (
            <p className="text-sm text-muted-foreground">No consent recorded.</p>
          ) : (
            <Table data-testid="user-consents">
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Type</TableHead>
                  <TableHead scope="col">Version</TableHead>
                  <TableHead scope="col">When (UTC)</TableHead>
                  <TableHead scope="col">Source</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {consents.map((consent, index) => (
                  <TableRow key={index}>
                    <TableCell>
                      {consent.type ?? '—'}
                      {consent.tier !== null && <span className="text-muted-foreground"> · tier {consent.tier}</span>}
                    </TableCell>
                    <TableCell>{consent.version ?? '—'}</TableCell>
                    <TableCell className="font-mono whitespace-nowrap">{formatUtc(consent.at)}</TableCell>
                    <TableCell>{consent.source}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>

        <Section id="server-log" title="Server-log activity" description="Legacy server-log entries naming this user or one of its transactions.">
          {serverLogs.length === 0 ? (
            <p className="text-sm text-muted-foreground">No server-log entry names this user.</p>
          ) : (
            <ol className="grid gap-2 text-sm" data-testid="user-server-log">
              {serverLogs.map((entry) => (
                <li key={entry.id} className="rounded-md border p-2">
                  <span className="font-mono">{formatUtc(entry.at)}</span> <Badge variant="outline">{entry.type ?? 'no type'}</Badge>{' '}
                  <span className="break-all text-muted-foreground">{entry.summary}</span>
                </li>
              ))}
            </ol>
          )}
        </Section>
      </div>

      <Section
        id="access-log"
        title="Access log"
        description="Who looked at this person's data: each view of this page and each phone reveal, newest first (for GDPR access requests)."
      >
        <Table data-testid="user-access-log">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">When (UTC)</TableHead>
              <TableHead scope="col">Who</TableHead>
              <TableHead scope="col">What</TableHead>
              <TableHead scope="col">Reason</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {access.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell className="font-mono whitespace-nowrap">{formatUtc(entry.at)}</TableCell>
                <TableCell>{entry.who}</TableCell>
                <TableCell>{ACCESS_KIND_LABELS[entry.kind]}</TableCell>
                <TableCell dir="auto">{entry.reason ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>

      <Section id="audit" title="Audit" description="Every recorded change to this user's records, newest first, with the values before and after.">
        <UserAudit entries={audit} />
      </Section>

      <Section id="provenance" title="Provenance" description="The legacy records behind this user, as imported.">
        {identity.provenance.length === 0 ? (
          <p className="text-sm text-muted-foreground">No legacy record is stored for this identity now.</p>
        ) : (
          <Table data-testid="user-provenance">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">File</TableHead>
                <TableHead scope="col">Position</TableHead>
                <TableHead scope="col">Source hash (SHA-256)</TableHead>
                <TableHead scope="col">Imported (UTC)</TableHead>
                <TableHead scope="col">Last written (UTC)</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {identity.provenance.map((entry) => (
                <TableRow key={entry.rowId}>
                  <TableCell>
                    <code className="text-xs">{entry.file}</code>
                  </TableCell>
                  <TableCell>{entry.position}</TableCell>
                  <TableCell>
                    <code className="text-xs break-all">{entry.sourceHash}</code>
                  </TableCell>
                  <TableCell className="font-mono whitespace-nowrap">{formatUtc(entry.importedAt)}</TableCell>
                  <TableCell className="font-mono whitespace-nowrap">{formatUtc(entry.updatedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
    </>
  );
}

function UserAudit({ entries }: { entries: UserAuditEntryDto[] }) {
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">No recorded changes.</p>;
  return (
    <ol className="grid gap-3" data-testid="user-audit">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded-md border bg-card p-3 text-sm">
          <p className="flex flex-wrap gap-x-3 gap-y-1">
            <span className="font-medium">{entry.action}</span>
            <span className="text-muted-foreground">{entry.table}</span>
            <span className="font-mono">{formatUtc(entry.at)}</span>
            <span>by {entry.actor ?? 'system'}</span>
            <span className="text-muted-foreground">via {entry.source}</span>
          </p>
          {entry.reason && (
            <p className="mt-1" dir="auto">
              Reason: {entry.reason}
            </p>
          )}
          {entry.changes.length > 0 && <AuditChangesTable changes={entry.changes} formatValue={shownValue} />}
        </li>
      ))}
    </ol>
  );
}
