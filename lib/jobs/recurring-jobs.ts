import { adminSessionPurgeJob } from '@/lib/admin-sessions/admin-session-purge.job';
import { refreshAggregatesJob } from '@/lib/analytics/analytics.service';
import { purgeExpiredExportsJob } from '@/lib/exports/purge-expired-exports';
import { reconcileExportSchedulesJob } from '@/lib/exports/run-scheduled-export';
import { partitionsJob } from '@/lib/partitions/partitions.job';
import type { RecurringJob } from './recurring-job';

/** Every recurring job the job runner schedules. Add a domain's job here, one line each. */
export const recurringJobs: RecurringJob[] = [adminSessionPurgeJob, purgeExpiredExportsJob, reconcileExportSchedulesJob, partitionsJob, refreshAggregatesJob];
