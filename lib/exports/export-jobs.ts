import type { QueuedJob } from '@/lib/jobs/queued-job';
import { EXPORT_RUN_QUEUE, type ExportRunData } from './queue-export';
import { runExportJob } from './run-export-job';

/**
 * A background export: writes the file of a queued export. A failed export is recorded on its row (the
 * row says why); only a run that could not record anything (database down) is retried.
 */
export const exportRunJob: QueuedJob<ExportRunData> = {
  name: EXPORT_RUN_QUEUE,
  retryLimit: 2,
  retryDelaySeconds: 5,
  async run({ exportJobId }, { orm, log }) {
    const outcome = await runExportJob(orm.em.fork(), exportJobId);
    log(`Export ${exportJobId}: ${outcome.state}${outcome.error ? ` (${outcome.error})` : ''}`);
  },
};
