import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNT_DELAY_AFTER } from '@/lib/auth/login-throttle';
import type { Cache } from '@/lib/cache';

export type DashboardStats = {
  activeAdmins: number;
  auditEntries: number;
  loginsLast24h: number;
  failedLoginsLast24h: number;
  /** Active accounts whose wrong passwords since their last sign-in reached the login throttle's slow-down. */
  accountsUnderAttack: number;
};

const STATS_TTL_SECONDS = 15;

/** Real counts from the database, cached briefly: the dashboard is the most-loaded page. */
export function getDashboardStats(em: EntityManager, cache: Cache): Promise<DashboardStats> {
  return cache.wrap('dashboard:stats', STATS_TTL_SECONDS, async () => {
    const [row] = await em.execute<Array<Record<keyof DashboardStats, string>>>(`
      SELECT (SELECT count(*) FROM admin_users WHERE is_active) AS "activeAdmins",
             (SELECT count(*) FROM audit_trail) AS "auditEntries",
             (SELECT count(*) FROM audit_trail WHERE action = 'LOGIN' AND changed_at > now() - interval '24 hours') AS "loginsLast24h",
             (SELECT count(*) FROM audit_trail WHERE action IN ('LOGIN_FAILED', 'LOGIN_LOCKED')
                AND changed_at > now() - interval '24 hours') AS "failedLoginsLast24h",
             (SELECT count(*) FROM admin_users WHERE is_active AND failed_login_count >= ${ACCOUNT_DELAY_AFTER}) AS "accountsUnderAttack"`);
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as DashboardStats;
  });
}
