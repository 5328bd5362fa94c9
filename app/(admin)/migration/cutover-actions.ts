'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/action';
import { storageSwitchSchema } from '@/lib/cutover/cutover.schemas';
import { cutOver, rehearseRollback, rollBackToJson, verifyLatestBackup } from '@/lib/cutover/cutover.service';
import { env } from '@/lib/env';

const access = { permission: 'migration:run' } as const;
const PAGE = '/migration';

export const verifyBackupAction = adminAction({ ...access, schema: z.object({}) }, async ({ em, audit }) => {
  const result = await verifyLatestBackup(em, audit);
  revalidatePath(PAGE);
  return result.ok
    ? { ok: true, message: 'Backup verified: every file matches its SHA-256.' }
    : { ok: false, message: `Backup damaged: ${result.problems.slice(0, 3).join('; ')}` };
});

export const rehearseRollbackAction = adminAction({ ...access, schema: z.object({}) }, async ({ em, audit }) => {
  const result = await rehearseRollback(em, { storageDir: env().KYC_STORAGE_DIR, context: audit });
  revalidatePath(PAGE);
  return result.ok
    ? { ok: true, message: 'Rollback rehearsed: the exported folder re-reads to the same root hashes.' }
    : { ok: false, message: `Rehearsal found differences in: ${result.differing.join(', ')}` };
});

export const cutOverAction = adminAction({ ...access, schema: storageSwitchSchema }, async ({ em, audit, input }) => {
  await cutOver(em, { reason: input.reason, quietSeconds: env().CUTOVER_QUIET_SECONDS, context: audit });
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Cut over: PostgreSQL is now the source of truth; the legacy files are mirrored from it.' };
});

export const rollBackToJsonAction = adminAction({ ...access, schema: storageSwitchSchema }, async ({ em, audit, input }) => {
  await rollBackToJson(em, { reason: input.reason, quietSeconds: env().CUTOVER_QUIET_SECONDS, context: audit });
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Rolled back: the legacy JSON files are the source of truth again.' };
});
