import { rm } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { RecurringJob } from '@/lib/jobs/recurring-job';
import { findExpiredExportFiles, markExportJobExpired } from './export.repository';

const PURGE_BATCH = 500;

/** Deletes kept export files past their retention and marks their rows `expired` (record and hash kept), each with an EXPORT_EXPIRED audit entry. */
export async function purgeExpiredExports(em: EntityManager): Promise<number> {
  let purged = 0;
  for (;;) {
    const expired = await findExpiredExportFiles(em, PURGE_BATCH);
    for (const { id, file_path } of expired) {
      await rm(file_path, { force: true });
      await em.fork().transactional(async (tx) => {
        if (await markExportJobExpired(tx, id)) {
          await recordAuditEvent(
            tx,
            { action: 'EXPORT_EXPIRED', tableName: 'export_jobs', recordId: id },
            { source: 'system', actorLabel: 'export retention' },
          );
          purged += 1;
        }
      });
    }
    if (expired.length < PURGE_BATCH) return purged;
  }
}

/** Export retention (EXPORT_RETENTION_DAYS), every quarter hour. */
export const purgeExpiredExportsJob: RecurringJob = {
  name: 'exports.purge-expired',
  cron: '*/15 * * * *',
  async run({ orm, log }) {
    const purged = await purgeExpiredExports(orm.em.fork());
    if (purged) log(`Export retention: ${purged} expired file(s) deleted`);
  },
};
