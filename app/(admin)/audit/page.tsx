import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessDenied } from '@/components/ui/access-denied';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { PageHeader } from '@/components/ui/page-header';
import { toAuditEntryDto } from '@/lib/audit/audit.dto';
import { findAuditEntries, findAuditFilterOptions } from '@/lib/audit/audit.repository';
import { listAuditQuerySchema } from '@/lib/audit/audit.schemas';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { loadPage } from '@/lib/page';
import { AuditTable } from './audit-table';
import { ChainState } from './chain-state';

export const metadata: Metadata = { title: 'Audit trail' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const parsed = listAuditQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : listAuditQuerySchema.parse({});
  const page = await loadPage('audit:read', async ({ em }) => {
    const [result, options, chain] = await Promise.all([
      findAuditEntries(em.fork(), query),
      findAuditFilterOptions(em.fork()),
      verifyAuditChain(em.fork()),
    ]);
    return { entries: result.entries.map(toAuditEntryDto), nextBefore: result.nextBefore, options, chain };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { entries, nextBefore, options, chain } = page.data;
  const filters = { actor: query.actor, table: query.table, action: query.action, from: query.from, to: query.to };
  const olderHref = `/audit?${new URLSearchParams({ ...definedOnly(filters), before: String(nextBefore) })}`;

  return (
    <>
      <PageHeader title="Audit trail" description="Every change, sign-in and sensitive read, hash-chained so tampering shows." />
      <ChainState state={chain} />
      <Card className="my-4 py-4">
        <CardContent>
          <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter audit entries">
            <FormField label="Actor" className="min-w-56 flex-1">
              <Input name="actor" defaultValue={query.actor} placeholder="email contains…" />
            </FormField>
            <FormField label="Table">
              <NativeSelect name="table" defaultValue={query.table ?? ''} className="w-48">
                <option value="">All tables</option>
                {options.tables.map((table) => (
                  <option key={table}>{table}</option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField label="Action">
              <NativeSelect name="action" defaultValue={query.action ?? ''} className="w-48">
                <option value="">All actions</option>
                {options.actions.map((action) => (
                  <option key={action}>{action}</option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField label="From">
              <Input type="date" name="from" defaultValue={query.from} className="w-40" />
            </FormField>
            <FormField label="To">
              <Input type="date" name="to" defaultValue={query.to} className="w-40" />
            </FormField>
            <div className="flex gap-2 pb-[1.375rem]">
              <Button type="submit">Apply</Button>
              <Button asChild variant="outline">
                <Link href="/audit">Reset</Link>
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      {!parsed.success && (
        <Alert role="alert" variant="destructive" className="mb-4">
          <AlertDescription className="text-foreground">
            Some filters were invalid and were ignored: {parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}
          </AlertDescription>
        </Alert>
      )}
      <AuditTable entries={entries} />
      <nav className="mt-3 flex items-center gap-4 text-sm text-muted-foreground" aria-label="Audit pages">
        {query.before && (
          <Link href={`/audit?${new URLSearchParams(definedOnly(filters))}`} className="text-primary hover:underline">
            ← Newest
          </Link>
        )}
        <span>{entries.length} entries shown</span>
        {nextBefore && (
          <Link href={olderHref} className="text-primary hover:underline">
            Older entries →
          </Link>
        )}
      </nav>
    </>
  );
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => !!entry[1]));
}
