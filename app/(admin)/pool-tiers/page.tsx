import type { Metadata } from 'next';
import { AccessDenied } from '@/components/ui/access-denied';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { hasPermission } from '@/lib/auth/permissions';
import { loadPage } from '@/lib/page';
import { findPoolTiers, type PoolTierDto } from '@/lib/pool-tiers/pool-tier.service';
import { PoolTierForm } from './pool-tier-form';

export const metadata: Metadata = { title: 'Pool tiers' };

function LegacyValue({ pool }: { pool: PoolTierDto }) {
  if (pool.minTier !== null) return <span className="text-muted-foreground">Tier {pool.minTier}</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <code className="font-mono text-xs" dir="ltr">
        {pool.legacyValue ?? 'null'}
      </code>
      <Badge variant="warning">not a whole tier</Badge>
    </span>
  );
}

export default async function PoolTiersPage() {
  const page = await loadPage('assets:read', ({ em }) => findPoolTiers(em));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const canEdit = hasPermission(page.actor.role, 'assets:write');
  return (
    <>
      <PageHeader title="Pool tiers" description="The minimum identity tier an investor needs per pool. Changes follow the storage mode shown above." />
      <Table>
        <caption className="sr-only">Minimum tier per pool</caption>
        <TableHeader>
          <TableRow>
            <TableHead>Pool</TableHead>
            <TableHead>Legacy value</TableHead>
            <TableHead>{canEdit ? 'Set minimum tier' : 'Minimum tier'}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {page.data.length === 0 ? (
            <TableRow>
              <TableCell colSpan={3} className="py-10 text-center text-muted-foreground">
                No pool tiers yet: import the legacy data first (Migration).
              </TableCell>
            </TableRow>
          ) : (
            page.data.map((pool) => (
              <TableRow key={pool.poolId}>
                <TableCell className="font-mono text-xs" dir="auto">
                  {pool.poolId}
                </TableCell>
                <TableCell>
                  <LegacyValue pool={pool} />
                </TableCell>
                <TableCell>{canEdit ? <PoolTierForm pool={pool} /> : pool.minTier === null ? 'none (see the legacy value)' : `Tier ${pool.minTier}`}</TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </>
  );
}
