import { cache } from '@/lib/cache';
import { DASHBOARD_KPIS_CACHE_KEY } from '@/lib/dashboard/get-dashboard-kpis';
import { invalidateLegacyResponses } from '@/lib/legacy-api/response-cache';

/**
 * Drops every cached read an asset change makes stale: the legacy API's cached responses (their
 * generation), and the dashboard's figures (assets by status, AUM). Call it after the change commits.
 */
export async function invalidateAssetReads(): Promise<void> {
  await invalidateLegacyResponses();
  await cache().del(DASHBOARD_KPIS_CACHE_KEY);
}
