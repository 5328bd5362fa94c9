'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { requireLegacyFolder } from '@/lib/migration-dashboard/legacy-folder';
import { reimportSourceSchema, verifyMigrationSchema } from '@/lib/migration-dashboard/migration-dashboard.schemas';
import { startMigrationJob } from '@/lib/migration-dashboard/start-migration-job';

const PAGE = '/migration';
const access = { permission: 'migration:run' } as const;

export const verifyMigrationAction = adminAction({ ...access, schema: verifyMigrationSchema }, async ({ actor, em, audit }) => {
  const sourceDir = await requireLegacyFolder(em);
  await startMigrationJob({ kind: 'verify' }, { sourceDir, actor, audit });
  revalidatePath(PAGE);
  return { ok: true, message: `Verification of every source against ${sourceDir} started.` };
});

export const reimportSourceAction = adminAction({ ...access, schema: reimportSourceSchema }, async ({ input, actor, em, audit }) => {
  const sourceDir = await requireLegacyFolder(em);
  await startMigrationJob({ kind: 'import', source: input.source }, { sourceDir, actor, audit });
  revalidatePath(PAGE);
  return { ok: true, message: `Re-import of ${input.source} from ${sourceDir} started.` };
});
