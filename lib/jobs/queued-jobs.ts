import { exportRunJob } from '@/lib/exports/export-jobs';
import { scheduledExportJob } from '@/lib/exports/run-scheduled-export';
import type { QueuedJob } from './queued-job';

/** Every on-demand queue the job runner works. Add a domain's job here, one line each. */
export const queuedJobs: QueuedJob[] = [exportRunJob as QueuedJob, scheduledExportJob as QueuedJob];
