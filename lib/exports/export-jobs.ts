import type { QueuedJob } from '@/lib/jobs/queued-job';
import { EXPORT_RUN_QUEUE, type ExportRunData } from './queue-export';
import { runExportJob } from './run-export-job';

/** A background export: writes the file of a queued export. A failure is recorded on the export's row and not retried (the row says why). */
export const exportRunJob: QueuedJob<ExportRunData> = {
  name: EXPORT_RUN_QUEUE,
  retryLimit: 0,
  retryDelaySeconds: 0,
  async run({ exportJobId }, { orm, log }) {
    const outcome = await runExportJob(orm.em.fork(), exportJobId);
    log(`Export ${exportJobId}: ${outcome.state}${outcome.error ? ` (${outcome.error})` : ''}`);
  },
};
