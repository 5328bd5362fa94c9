import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessDenied } from '@/components/ui/access-denied';
import { toAuditEntryDto } from '@/lib/audit/audit.dto';
import { findAuditEntries, findAuditFilterOptions } from '@/lib/audit/audit.repository';
import { listAuditQuerySchema } from '@/lib/audit/audit.schemas';
import { hasPermission } from '@/lib/auth/permissions';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { loadPage } from '@/lib/page';
import { AuditTable } from './audit-table';
import { ChainState } from './chain-state';
import { VerifyChainButton } from './verify-chain-button';

export const metadata: Metadata = { title: 'Audit trail' };

const FIELD = { display: 'grid', gap: '0.25rem' } as const;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const parsed = listAuditQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : listAuditQuerySchema.parse({});
  const page = await loadPage('audit:read', async ({ em, actor }) => {
    const [result, options, chain] = await Promise.all([
      findAuditEntries(em.fork(), query),
      findAuditFilterOptions(em.fork()),
      verifyAuditChain(em.fork(), 'since-checkpoint'),
    ]);
    return { entries: result.entries.map(toAuditEntryDto), nextBefore: result.nextBefore, options, chain, canVerify: hasPermission(actor.role, 'audit:verify') };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { entries, nextBefore, options, chain, canVerify } = page.data;
  const filters = { actor: query.actor, table: query.table, action: query.action, from: query.from, to: query.to };
  const olderHref = `/audit?${new URLSearchParams({ ...definedOnly(filters), before: String(nextBefore) })}`;

  return (
    <>
      <h1>Audit trail</h1>
      <ChainState state={chain} />
      {canVerify && <VerifyChainButton />}
      <form method="get" className="inline panel" style={{ marginTop: '1rem' }} aria-label="Filter audit entries">
        <label>
          Actor
          <input name="actor" defaultValue={query.actor} placeholder="email contains…" />
        </label>
        {/* Labels beside, not around, the selects: a wrapping label's name takes in the options' text, and with
            every domain table audited a table option ("transaction_log") made "Table" answer to "Action". */}
        <div style={FIELD}>
          <label htmlFor="audit-filter-table">Table</label>
          <select id="audit-filter-table" name="table" defaultValue={query.table ?? ''}>
            <option value="">All tables</option>
            {options.tables.map((table) => (
              <option key={table}>{table}</option>
            ))}
          </select>
        </div>
        <div style={FIELD}>
          <label htmlFor="audit-filter-action">Action</label>
          <select id="audit-filter-action" name="action" defaultValue={query.action ?? ''}>
            <option value="">All actions</option>
            {options.actions.map((action) => (
              <option key={action}>{action}</option>
            ))}
          </select>
        </div>
        <label>
          From
          <input type="date" name="from" defaultValue={query.from} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={query.to} />
        </label>
        <button type="submit">Apply</button>
        <Link href="/audit" className="button secondary">
          Reset
        </Link>
      </form>
      {!parsed.success && (
        <div role="alert" className="notice error" style={{ marginBottom: '1rem' }}>
          Some filters were invalid and were ignored: {parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}
        </div>
      )}
      <AuditTable entries={entries} />
      <nav className="pagination" aria-label="Audit pages">
        {query.before && <Link href={`/audit?${new URLSearchParams(definedOnly(filters))}`}>← Newest</Link>}
        <span>{entries.length} entries shown</span>
        {nextBefore && <Link href={olderHref}>Older entries →</Link>}
      </nav>
    </>
  );
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => !!entry[1]));
}
