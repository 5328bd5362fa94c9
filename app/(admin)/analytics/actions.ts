'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { refreshAggregatesSchema } from '@/lib/analytics/analytics.schemas';
import { refreshAggregatesNow } from '@/lib/analytics/analytics.service';

/** Refreshes every aggregate now (CONCURRENTLY: readers keep the previous figures meanwhile); audited. */
export const refreshAnalyticsAction = adminAction({ permission: 'analytics:refresh', schema: refreshAggregatesSchema }, async ({ em, input, audit }) => {
  const result = await refreshAggregatesNow(em, input.reason, audit);
  revalidatePath('/analytics');
  const at = result[0]?.refreshedAt.replace('T', ' ').slice(0, 19);
  return { ok: true, message: `Refreshed ${result.length} aggregates (data as of ${at} UTC).` };
});
