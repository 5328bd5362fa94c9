'use server';

import { adminAction } from '@/lib/action';
import type { ExportJobDto } from '@/lib/exports/export-job.dto';
import { queueExportRequestSchema, verifyExportSchema } from '@/lib/exports/export.schemas';
import { queueExportIfLarge } from '@/lib/exports/queue-export';
import { verifyExportFile } from '@/lib/exports/verify-export';

/** Looks up a file's SHA-256 and size (hashed in the browser) among the completed exports. */
export const verifyExportAction = adminAction<typeof verifyExportSchema, ExportJobDto[]>(
  { permission: 'exports:create', schema: verifyExportSchema },
  async ({ em, input }) => ({ ok: true, data: await verifyExportFile(em, input) }),
);

/**
 * The Export menu asks first: an export the grid counts above the background threshold is queued (its
 * id comes back and the menu opens /exports), anything smaller comes back null and downloads as a stream.
 */
export const queueLargeExportAction = adminAction<typeof queueExportRequestSchema, { jobId: string | null }>(
  { permission: 'exports:create', schema: queueExportRequestSchema },
  async ({ em, actor, audit, input }) => {
    const job = await queueExportIfLarge(em, { actor, audit, gridId: input.grid, params: new URLSearchParams(input.query) });
    return { ok: true, data: { jobId: job?.id ?? null } };
  },
);
