import type { Metadata } from 'next';
import { AccessDenied } from '@/components/ui/access-denied';
import { hasPermission } from '@/lib/auth/permissions';
import { loadPage } from '@/lib/page';
import { findPoolTiers } from '@/lib/pool-tiers/pool-tier.service';
import { PoolTierForm } from './pool-tier-form';

export const metadata: Metadata = { title: 'Pool tiers' };

export default async function PoolTiersPage() {
  const page = await loadPage('assets:read', ({ em }) => findPoolTiers(em));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const canEdit = hasPermission(page.actor.role, 'assets:write');
  return (
    <>
      <h1>Pool tiers</h1>
      <p style={{ color: 'var(--muted)' }}>The minimum identity tier an investor needs per pool. Changes follow the storage mode shown above.</p>
      <div className="table-wrap">
        <table className="grid">
          <thead>
            <tr>
              <th>Pool</th>
              <th>Minimum tier</th>
            </tr>
          </thead>
          <tbody>
            {page.data.length === 0 ? (
              <tr>
                <td colSpan={2} className="empty">
                  No pool tiers yet: import the legacy data first (Migration).
                </td>
              </tr>
            ) : (
              page.data.map((pool) => (
                <tr key={pool.poolId}>
                  <td className="mono">{pool.poolId}</td>
                  <td>{canEdit ? <PoolTierForm pool={pool} /> : (pool.minTier ?? 'not a whole number (see the legacy value)')}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
