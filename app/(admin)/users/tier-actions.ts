'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/action';
import { jsonPayload } from '@/lib/assets/bulk-asset-change.schemas';
import { invalidateLegacyResponses } from '@/lib/legacy-api/response-cache';
import { applyBulkTierChange, previewBulkTierChange, type BulkTierPreview } from '@/lib/users/bulk-tier-change';
import { applyBulkTierSchema, changeTierOnPageSchema, previewBulkTierSchema } from '@/lib/users/tier-change.schemas';
import { changeUserTierOnPage, type PageTierChange, type TierChangeResult } from '@/lib/users/tier-change.service';
import { TIER_IMPORT_MAX_BYTES, type TierImportDryRun, type TierImportResult } from '@/lib/users/tier-import.dto';
import { applyTierImport, dryRunTierImport } from '@/lib/users/tier-import.service';

// Every action here needs users:write: a role without it calling one directly is refused by the wrapper, whatever a page shows.

export const changeTierAction = adminAction<typeof changeTierOnPageSchema, PageTierChange>(
  { permission: 'users:write', schema: changeTierOnPageSchema },
  async ({ input, em, audit, afterCommit }) => {
    const line = await changeUserTierOnPage(em, input, audit);
    if (line.outcome === 'changed') afterCommit(invalidateLegacyResponses);
    revalidatePath('/users', 'layout');
    return {
      ok: true,
      message: line.outcome === 'changed' ? `Tier ${line.from ?? 'none'} → ${line.to}.` : `Already tier ${line.to}; nothing changed.`,
      data: line,
    };
  },
);

const previewSchema = jsonPayload(previewBulkTierSchema);
const applySchema = jsonPayload(applyBulkTierSchema);

/** Counts what a bulk tier change would do (no write); its ids are what the admin then confirms. */
export const previewBulkTierAction = adminAction<typeof previewSchema, BulkTierPreview>(
  { permission: 'users:write', schema: previewSchema },
  async ({ input, em }) => ({
    ok: true,
    data: await previewBulkTierChange(em, input),
  }),
);

export const applyBulkTierAction = adminAction<typeof applySchema, TierChangeResult>(
  { permission: 'users:write', schema: applySchema },
  async ({ input, em, audit, afterCommit }) => {
    const report = await applyBulkTierChange(em, input, audit);
    if (report.totals.changed > 0) afterCommit(invalidateLegacyResponses);
    revalidatePath('/users', 'layout');
    return { ok: true, message: `${report.totals.changed} changed, ${report.totals.unchanged} already at that tier.`, data: report };
  },
);

const uploadedFile = z
  .instanceof(File, { message: 'Choose a CSV file.' })
  .refine((file) => file.size > 0, 'The file is empty.')
  .refine((file) => file.size <= TIER_IMPORT_MAX_BYTES, 'The file is over 10 MB; an import takes at most 10 MB. Split it into smaller files.');

const dryRunSchema = z.object({ file: uploadedFile });
const applyImportSchema = z.object({
  file: uploadedFile,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Run the dry run first.'),
  willChange: z.coerce.number().int().min(0),
});

async function bytesOf(file: File): Promise<{ name: string; bytes: Uint8Array }> {
  return { name: file.name || 'upload.csv', bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The dry run of an uploaded file: every row's outcome, nothing written. */
export const dryRunTierImportAction = adminAction<typeof dryRunSchema, TierImportDryRun>(
  { permission: 'users:write', schema: dryRunSchema },
  async ({ input, em }) => ({
    ok: true,
    data: await dryRunTierImport(em, await bytesOf(input.file)),
  }),
);

/** Applies the file the admin dry-ran (same SHA-256, same number of rows to change), all or nothing. */
export const applyTierImportAction = adminAction<typeof applyImportSchema, TierImportResult>(
  { permission: 'users:write', schema: applyImportSchema },
  async ({ input, em, actor, audit, afterCommit }) => {
    const result = await applyTierImport(em, { ...(await bytesOf(input.file)), sha256: input.sha256, willChange: input.willChange }, actor, audit);
    afterCommit(invalidateLegacyResponses);
    revalidatePath('/users/import');
    return { ok: true, message: `${result.changed.toLocaleString('en')} tiers changed.`, data: result };
  },
);
