'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { transitionAssetSchema } from '@/lib/assets/asset-lifecycle';
import { applyBulkAssetChange, previewBulkAssetChange, type BulkAssetPreview, type BulkAssetReport } from '@/lib/assets/bulk-asset-change';
import { applyBulkAssetChangeSchema, jsonPayload, previewBulkAssetChangeSchema } from '@/lib/assets/bulk-asset-change.schemas';
import { invalidateAssetReads } from '@/lib/assets/invalidate-asset-reads';
import { transitionAsset, type TransitionResult } from '@/lib/assets/transition-asset';

// Every action here needs assets:write: a viewer's direct call is refused by the wrapper, whatever the page shows.

export const transitionAssetAction = adminAction<typeof transitionAssetSchema, Pick<TransitionResult, 'from' | 'to'>>(
  { permission: 'assets:write', schema: transitionAssetSchema },
  async ({ input, em, audit, afterCommit }) => {
    const { from, to } = await transitionAsset(em, input, { context: audit });
    afterCommit(invalidateAssetReads);
    revalidatePath('/assets', 'layout');
    return { ok: true, message: `The asset is now ${to} (was ${from}).`, data: { from, to } };
  },
);

const previewSchema = jsonPayload(previewBulkAssetChangeSchema);
const applySchema = jsonPayload(applyBulkAssetChangeSchema);

/** Counts what a bulk change would do (no write); its ids are what the admin then confirms. */
export const previewBulkAssetChangeAction = adminAction<typeof previewSchema, BulkAssetPreview>(
  { permission: 'assets:write', schema: previewSchema },
  async ({ input, em }) => ({ ok: true, data: await previewBulkAssetChange(em, input) }),
);

export const applyBulkAssetChangeAction = adminAction<typeof applySchema, BulkAssetReport>(
  { permission: 'assets:write', schema: applySchema },
  async ({ input, em, audit, afterCommit }) => {
    const report = await applyBulkAssetChange(em, input, { context: audit });
    if (report.totals.applied > 0) afterCommit(invalidateAssetReads);
    revalidatePath('/assets', 'layout');
    const { applied, skipped, failed } = report.totals;
    return { ok: true, message: `${applied} changed, ${skipped} skipped, ${failed} failed.`, data: report };
  },
);
