'use server';

import { adminAction } from '@/lib/action';
import type { ExportJobDto } from '@/lib/exports/export-job.dto';
import { verifyExportSchema } from '@/lib/exports/export.schemas';
import { verifyExportFile } from '@/lib/exports/verify-export';

/** Looks up a file's SHA-256 and size (hashed in the browser) among the completed exports. */
export const verifyExportAction = adminAction<typeof verifyExportSchema, ExportJobDto[]>(
  { permission: 'exports:create', schema: verifyExportSchema },
  async ({ em, input }) => ({ ok: true, data: await verifyExportFile(em, input) }),
);
