'use server';

import { revalidatePath } from 'next/cache';
import { adminAction, AppError } from '@/lib/action';
import { hasPermission } from '@/lib/auth/permissions';
import { requireLegacyFolder } from '@/lib/migration-dashboard/legacy-folder';
import { reimportSourceSchema, revealFindingSchema, verifyMigrationSchema } from '@/lib/migration-dashboard/migration-dashboard.schemas';
import { revealFinding, type RevealedFinding } from '@/lib/migration-dashboard/reveal-finding';
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

/**
 * The phone numbers sealed in one quarantined record or mismatch, decrypted for the admin who asked, with
 * the reason the audit trail keeps. Needs `users:reveal-pii` (the wrapper) and `migration:read` (the page).
 */
export const revealFindingAction = adminAction<typeof revealFindingSchema, RevealedFinding>(
  { permission: 'users:reveal-pii', schema: revealFindingSchema },
  async ({ input, actor, em, audit }) => {
    if (!hasPermission(actor.role, 'migration:read')) throw new AppError('FORBIDDEN', 'Your role does not give access to the migration dashboard.');
    return { ok: true, data: await revealFinding(em, input, audit) };
  },
);
