import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { searchExplorer } from '@/lib/explorer/explorer-search';
import { explorerSearchSchema } from '@/lib/explorer/explorer.schemas';
import { loadPage } from '@/lib/page';
import { ExplorerNav } from '../_components/explorer-nav';
import { shortHex } from '../_components/format';

export const metadata: Metadata = { title: 'Search · Explorer' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const KIND_LABEL = { block: 'Block', transaction: 'Transaction', address: 'Address', identity: 'Identity' } as const;

/** The universal search: one hit opens its page straight away; several are listed; none says what was looked for. */
export default async function ExplorerSearchPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = explorerSearchSchema.safeParse({ q: typeof params.q === 'string' ? params.q : '' });
  const page = await loadPage('explorer:read', async ({ em, actor }) => {
    const showIdentity = hasPermission(actor.role, 'explorer:identities');
    return { showIdentity, hits: parsed.success ? await searchExplorer(em, parsed.data, { showIdentity }) : [] };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { hits, showIdentity } = page.data;
  if (hits.length === 1) redirect(hits[0].href);
  const query = parsed.success ? parsed.data.q : '';

  return (
    <>
      <PageHeader title="Search" description={query ? `Results for “${query}”.` : undefined} />
      <ExplorerNav current="none" query={query} />
      {!parsed.success ? (
        <p role="alert" className="text-sm text-destructive">
          {parsed.error.issues[0]?.message}
        </p>
      ) : hits.length === 0 ? (
        <div role="status" className="grid gap-2 rounded-xl border border-dashed p-6 text-sm">
          <p className="font-medium">Nothing matches “{query}”.</p>
          <p className="text-muted-foreground">
            Search by a block number, a transaction or block hash (0x and 64 hex digits), an address (0x and 40 hex digits)
            {showIdentity ? ', or the start of an identity hash (0x and at least 6 hex digits)' : ''}.
          </p>
        </div>
      ) : (
        <ul className="grid gap-2" aria-label="Search results">
          {hits.map((hit) => (
            <li key={`${hit.kind}-${hit.href}`}>
              <Link
                href={hit.href}
                className="flex flex-wrap items-center gap-3 rounded-xl border bg-card p-3 text-sm transition-colors hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
              >
                <span className="w-24 text-muted-foreground">{KIND_LABEL[hit.kind]}</span>
                <span className="font-mono break-all">
                  {hit.kind === 'block' ? hit.blockNumber : hit.kind === 'transaction' ? hit.hash : hit.kind === 'address' ? hit.address : hit.identityHash}
                </span>
                {hit.kind === 'identity' && hit.walletAddress && <span className="text-muted-foreground">wallet {shortHex(hit.walletAddress)}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
