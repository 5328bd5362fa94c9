import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecurringJob } from '@/lib/jobs/recurring-job';
import { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from './admin-session.repository';

/** How long an ended session's row stays (who signed in from where, for an investigation) before it is deleted. */
export const ENDED_SESSION_RETENTION_DAYS = 30;

/**
 * Deletes sessions that ended (signed out, or past their idle or 8-hour limit) more than 30 days ago.
 * Sign-ins and sign-outs are audited events of their own, so the rows hold nothing the trail lacks.
 */
export async function purgeEndedAdminSessions(em: EntityManager): Promise<number> {
  const rows = await em.execute<Array<{ id: string }>>(
    `DELETE FROM admin_sessions
      WHERE coalesce(revoked_at, least(created_at + make_interval(hours => ?), last_seen_at + make_interval(mins => ?)))
            < now() - make_interval(days => ?)
      RETURNING id`,
    [SESSION_MAX_HOURS, SESSION_IDLE_MINUTES, ENDED_SESSION_RETENTION_DAYS],
  );
  return rows.length;
}

/** Nightly, at 03:17 UTC (off the hour, when nobody is signed in). */
export const adminSessionPurgeJob: RecurringJob = {
  name: 'admin-sessions.purge',
  cron: '17 3 * * *',
  async run({ orm, log }) {
    const purged = await purgeEndedAdminSessions(orm.em.fork());
    log(`admin-sessions.purge: deleted ${purged} session rows ended over ${ENDED_SESSION_RETENTION_DAYS} days ago`);
  },
};
