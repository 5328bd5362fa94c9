import { env } from '@/lib/env';
import type { RecurringJob } from '@/lib/jobs/recurring-job';
import { withPgClient } from '@/lib/migration/pg-client';
import { archiveOldPartitions } from './partition-archive';
import { ensurePartitions } from './partition.repository';

/**
 * Daily: the month partitions of the next three months exist before any row needs them (dated rows
 * that fell into DEFAULT move to theirs), then, when EXPLORER_ARCHIVE_AFTER_MONTHS is set, old months
 * are archived and dropped (decision 071).
 */
export const partitionsJob: RecurringJob = {
  name: 'explorer.partitions',
  cron: '17 3 * * *',
  async run({ orm, log }) {
    await withPgClient(orm.em.fork(), async (client) => {
      const created = await ensurePartitions(client);
      if (created.length) log(`Partitions created: ${created.join(', ')}`);
      const { EXPLORER_ARCHIVE_AFTER_MONTHS: afterMonths, EXPLORER_ARCHIVE_DIR: dir } = env();
      if (!afterMonths) return;
      const archived = await archiveOldPartitions(client, { dir, afterMonths });
      for (const entry of archived) log(`Archived ${entry.partition}: ${entry.rowCount} rows, ${entry.filePath} (sha256 ${entry.sha256})`);
    });
  },
};
