import { FileTextIcon, ImageOffIcon, PencilIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Image from 'next/image';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AccessDenied } from '@/components/ui/access-denied';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { AuditChangesTable } from '@/components/audit/audit-changes-table';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { storedFileExists } from '@/lib/assets/asset-files';
import { isStoredUpload } from '@/lib/assets/stored-upload';
import { findAssetActivity, findAssetPage } from '@/lib/assets/asset-page.repository';
import type { AuditEntryDto } from '@/lib/audit/audit.dto';
import { hasPermission } from '@/lib/auth/permissions';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { loadPage } from '@/lib/page';
import { AssetStatusControl } from '../asset-status-control';

export const metadata: Metadata = { title: 'Asset' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const time = (iso: string | null) => (iso ? `${new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC` : '—');
const WEI_PER_TOKEN = 10n ** 18n;

/** A stored value as text: strings as they are (React escapes them), numbers grouped, everything else as JSON. */
function show(value: JsonValue | undefined): ReactNode {
  if (value === undefined || value === null || value === '') return <span className="text-muted-foreground">Not set</span>;
  if (typeof value === 'number') return numberFormat.format(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  return <code className="text-xs break-all">{JSON.stringify(value)}</code>;
}

function formatWei(wei: string | null): string {
  if (!wei) return '—';
  const value = BigInt(wei.split('.')[0]);
  const whole = value / WEI_PER_TOKEN;
  const fraction = (value % WEI_PER_TOKEN).toString().padStart(18, '0').slice(0, 4).replace(/0+$/, '');
  return `${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
}

function Fields({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[11rem_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd dir="auto" className="break-words whitespace-pre-wrap">
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function FieldCard({ id, title, rows, children }: { id: string; title: string; rows: Array<[string, ReactNode]>; children?: ReactNode }) {
  return (
    <Card role="region" aria-labelledby={`${id}-title`}>
      <CardHeader>
        <CardTitle id={`${id}-title`}>{title}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Fields rows={rows} />
        {children}
      </CardContent>
    </Card>
  );
}

export default async function AssetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const query = await searchParams;
  const page = await loadPage('assets:read', async ({ em, actor }) => {
    const found = await findAssetPage(em, id);
    if (!found) return null;
    const contract = typeof found.asset.record.contractAddress === 'string' ? found.asset.record.contractAddress : null;
    const activity = await findAssetActivity(em, contract, { cursor: single(query.cursor), direction: single(query.direction) });
    const image = found.asset.record.image;
    const imageStored = isStoredUpload(image) && (await storedFileExists(image));
    return { ...found, activity, imageStored, canEdit: hasPermission(actor.role, 'assets:write'), canSeeUsers: hasPermission(actor.role, 'users:read') };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  if (!page.data) notFound();
  const { asset, history, activity, imageStored, canEdit, canSeeUsers } = page.data;
  const record = asset.record;
  const title = typeof record.title === 'string' && record.title ? record.title : asset.key;
  const profile: JsonObject = isJsonObject(record.assetManagerProfile) ? record.assetManagerProfile : {};
  const documents = Array.isArray(record.legalDocuments) ? record.legalDocuments : [];
  const highlights = Array.isArray(record.highlights) ? record.highlights.filter((line): line is string => typeof line === 'string') : [];

  return (
    <>
      <PageHeader
        crumb={title}
        title={<span dir="auto">{title}</span>}
        description={`${asset.key} · ${typeof record.type === 'string' ? record.type : 'type not set'} · ${typeof record.category === 'string' ? record.category : 'no category'}`}
        actions={
          <>
            <AssetStatusControl
              assetId={asset.key}
              title={title}
              status={typeof record.status === 'string' ? record.status : null}
              archivedAt={typeof record.archivedAt === 'string' ? record.archivedAt : null}
              canWrite={canEdit}
            />
            {canEdit && (
              <Button asChild>
                <Link href={`/assets/${asset.id}/edit`}>
                  <PencilIcon aria-hidden /> Edit
                </Link>
              </Button>
            )}
            <Button variant="outline" asChild>
              <Link href="/assets">All assets</Link>
            </Button>
          </>
        }
      />

      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
        <Card role="region" aria-labelledby="asset-image-title">
          <CardHeader>
            <CardTitle id="asset-image-title">Image</CardTitle>
          </CardHeader>
          <CardContent>
            {imageStored ? (
              <a href={`/assets/${asset.id}/image`} className="block" aria-label="Open the full-size image">
                <Image
                  src={`/assets/${asset.id}/image?size=thumbnail`}
                  alt={`Image of ${title}`}
                  width={480}
                  height={320}
                  unoptimized
                  className="h-auto w-full rounded-md border object-cover"
                />
              </a>
            ) : (
              <div className="flex flex-col items-center gap-2 rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">
                <ImageOffIcon aria-hidden className="size-8" />
                {isStoredUpload(record.image) ? (
                  <p role="status">
                    The image file <span className="font-mono break-all">{record.image}</span> is missing from the legacy data folder.
                  </p>
                ) : typeof record.image === 'string' && record.image ? (
                  <p>
                    Stored as a reference this app does not serve: <span className="break-all">{record.image}</span>
                  </p>
                ) : (
                  <p>No image uploaded.</p>
                )}
              </div>
            )}
          </CardContent>
        </Card>

        <FieldCard
          id="basic"
          title="Basic information"
          rows={[
            ['Type', show(record.type)],
            ['Title', show(record.title)],
            ['Description', show(record.description)],
            ['Category', show(record.category)],
            ['Location', show(record.location)],
            ['Sector', show(record.sector)],
            ['Highlights', highlights.length ? highlights.join('\n') : show(null)],
            ['Created', typeof record.createdAt === 'string' ? time(record.createdAt) : show(record.createdAt)],
          ]}
        />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <FieldCard
          id="investment"
          title="Investment details"
          rows={[
            ['Token symbol', show(record.tokenSymbol)],
            ['Token price', show(record.tokenPrice)],
            ['Maximum supply', show(record.maxSupply)],
            ['Minimum investment', show(record.minimumInvestment)],
            ['Soft cap', show(record.softCap)],
            ['Expected ROI (%)', show(record.expectedROI)],
            ['ROI model', show(record.roiModel)],
            ['Lock-up (days)', show(record.lockupPeriod)],
            ['Deadline', show(record.deadline)],
            ['Total invested', show(record.totalInvested)],
            ['Investors', show(record.investorCount)],
            ['Interested', show(record.interestedCount)],
            ['Impact', show(record.impact)],
          ]}
        />
        <FieldCard
          id="legal"
          title="Legal and compliance"
          rows={[
            ['Jurisdiction', show(record.jurisdiction)],
            ['SPV name', show(record.spvName)],
            ['Custody type', show(record.custodyType)],
            ['Minimum tier', show(record.minTierRequired)],
            ['Contract address', record.contractAddress ? <code className="text-xs break-all">{String(record.contractAddress)}</code> : show(null)],
          ]}
        >
          <div className="grid gap-2">
            <h3 className="text-sm font-medium">Legal documents</h3>
            {documents.length === 0 ? (
              <p className="text-sm text-muted-foreground">No legal documents.</p>
            ) : (
              <ul className="grid gap-1 text-sm">
                {documents.map((document, index) => {
                  const name = isJsonObject(document) && typeof document.name === 'string' ? document.name : `Document ${index + 1}`;
                  const stored = isJsonObject(document) && isStoredUpload(document.url);
                  return (
                    <li key={index} className="flex items-center gap-2">
                      <FileTextIcon aria-hidden className="size-4 shrink-0" />
                      {stored ? (
                        <a href={`/assets/${asset.id}/documents/${index}`} className="text-primary underline-offset-4 hover:underline" dir="auto">
                          {name}
                        </a>
                      ) : (
                        <span dir="auto">
                          {name} <span className="text-muted-foreground">(not uploaded here: {isJsonObject(document) ? String(document.url ?? '') : ''})</span>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </FieldCard>
        <FieldCard
          id="manager"
          title="Asset manager"
          rows={[
            ['Contact by', show(record.contactFormat)],
            ['Contact', show(record.contactValue)],
            ['Name', show(profile.name)],
            ['Title', show(profile.title)],
            ['Bio', show(profile.bio)],
            ['Verified', show(profile.verified)],
            ['Partner', show(profile.partner)],
          ]}
        />
        <FieldCard
          id="provenance"
          title="Provenance"
          rows={[
            ['Legacy record', <code key="key">admin-opportunities.json · {asset.provenance.legacyKey}</code>],
            ['Position in the file', String(asset.provenance.legacyPosition)],
            [
              'Source hash (SHA-256)',
              <code key="hash" className="text-xs break-all">
                {asset.provenance.legacyHash}
              </code>,
            ],
            ['Imported', time(asset.provenance.importedAt)],
            ['Last written', time(asset.provenance.updatedAt)],
            [
              'Row id',
              <code key="id" className="text-xs break-all">
                {asset.id}
              </code>,
            ],
          ]}
        />
      </div>

      <Section
        id="investors"
        title="Investors"
        description="Wallets that sent value to the asset's contract, largest first (from the chain explorer data), each linked to its user where the wallet directory knows them."
      >
        {activity === null ? (
          <p className="text-sm text-muted-foreground">This asset has no contract address yet, so it has no chain activity.</p>
        ) : activity === 'invalid-page' ? (
          <p role="alert" className="text-sm text-destructive">
            This page link is invalid. <Link href={`/assets/${asset.id}`}>Show the first page</Link>.
          </p>
        ) : activity.investors.length === 0 ? (
          <p className="text-sm text-muted-foreground">No wallet has sent value to this contract.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Wallet</TableHead>
                <TableHead scope="col" className="text-right">
                  Transactions
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Value sent
                </TableHead>
                <TableHead scope="col">Last</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {activity.investors.map((investor) => (
                <TableRow key={investor.address}>
                  <TableCell>
                    {canSeeUsers && investor.userId ? (
                      <Link href={`/users/${investor.userId}`} className="underline-offset-4 hover:underline" aria-label={`User of wallet ${investor.address}`}>
                        <code className="text-xs">{investor.address}</code>
                      </Link>
                    ) : (
                      <code className="text-xs">{investor.address}</code>
                    )}
                  </TableCell>
                  <TableCell className="text-right">{investor.transactions.toLocaleString('en-US')}</TableCell>
                  <TableCell className="text-right">{formatWei(investor.valueWei)}</TableCell>
                  <TableCell>{time(investor.lastAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>

      {activity && activity !== 'invalid-page' && (
        <Section id="transactions" title="Transactions" description="Chain transactions to or from the asset's contract, newest block first.">
          {activity.transactions.rows.length === 0 ? (
            <p className="text-sm text-muted-foreground">No transactions.</p>
          ) : (
            <>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead scope="col">Hash</TableHead>
                    <TableHead scope="col">Block</TableHead>
                    <TableHead scope="col">From</TableHead>
                    <TableHead scope="col">To</TableHead>
                    <TableHead scope="col" className="text-right">
                      Value
                    </TableHead>
                    <TableHead scope="col">Status</TableHead>
                    <TableHead scope="col">Mined</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {activity.transactions.rows.map((row) => (
                    <TableRow key={row.id}>
                      <TableCell>
                        <code className="text-xs">{row.txHash.slice(0, 18)}…</code>
                      </TableCell>
                      <TableCell>{row.blockNumber ?? '—'}</TableCell>
                      <TableCell>
                        <code className="text-xs">{row.fromAddress ?? '—'}</code>
                      </TableCell>
                      <TableCell>
                        <code className="text-xs">{row.toAddress ?? '—'}</code>
                      </TableCell>
                      <TableCell className="text-right">{formatWei(row.valueWei)}</TableCell>
                      <TableCell>{row.status ?? '—'}</TableCell>
                      <TableCell>{time(row.minedAt)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <nav aria-label="Transaction pages" className="flex gap-2">
                {activity.transactions.prevCursor && (
                  <Button variant="outline" size="sm" asChild>
                    <Link href={`/assets/${asset.id}?cursor=${activity.transactions.prevCursor}&direction=prev#transactions`}>Newer</Link>
                  </Button>
                )}
                {activity.transactions.nextCursor && (
                  <Button variant="outline" size="sm" asChild>
                    <Link href={`/assets/${asset.id}?cursor=${activity.transactions.nextCursor}&direction=next#transactions`}>Older</Link>
                  </Button>
                )}
              </nav>
            </>
          )}
        </Section>
      )}

      <Section id="history" title="History" description="Every change to this asset, newest first, with the values before and after (from the audit trail).">
        <AssetHistory entries={history} />
      </Section>
    </>
  );
}

function AssetHistory({ entries }: { entries: AuditEntryDto[] }) {
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">No recorded changes.</p>;
  return (
    <ol className="grid gap-3">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded-md border bg-card p-3 text-sm">
          <p className="flex flex-wrap gap-x-3 gap-y-1">
            <span className="font-medium">{entry.action === 'LEGACY_WRITE' ? 'Saved' : entry.action.toLowerCase()}</span>
            <span>{time(entry.changedAt)}</span>
            <span>by {entry.actor ?? 'system'}</span>
            <span className="text-muted-foreground">via {entry.source}</span>
          </p>
          {entry.changes.length > 0 && <AuditChangesTable changes={entry.changes} formatValue={(value) => show(value as JsonValue)} />}
        </li>
      ))}
    </ol>
  );
}
