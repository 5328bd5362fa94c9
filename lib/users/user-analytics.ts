import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { USER_DIRECTORY_FROM, userFilterConditions } from './user.repository';
import type { ListUserQueryInput } from './user.schemas';

/** How many registration-month cohorts the retention table shows (the latest ones), and how many months after registration. */
export const COHORT_COUNT = 12;
export const COHORT_MONTHS = 6;
/** How many calendar months (the latest with activity) the activity chart shows. */
export const ACTIVITY_MONTHS = 12;

export type UserAnalytics = {
  users: number;
  /** KYC funnel over registered identities: registered → submitted an application → verified. */
  funnel: { registered: number; submitted: number; verified: number };
  active7: number;
  active30: number;
  /** Registrations per calendar month (UTC), oldest first; `month` is `YYYY-MM-01`. */
  registrations: Array<{ month: string; users: number }>;
  /** Identities per tier; `tier` null is "no tier" (not in the identity map). */
  tiers: Array<{ tier: number | null; users: number }>;
  /** Per registration month: its size and how many were active N months after (index N, 0 = the month itself). */
  cohorts: Array<{ cohort: string; users: number; active: number[] }>;
  /** Per calendar month, oldest first: active users (any logged transaction) and their transactions. */
  activity: Array<{ month: string; activeUsers: number; transactions: number }>;
};

/**
 * One statement: the directory rows the filter matches are read once (a materialized CTE) and every
 * figure is computed from them, months of activity from each row's per-month counts (no join). The
 * directory is kept by triggers (decision 053), so no request sums the transaction log itself.
 */
export function userAnalyticsQuery(query: Pick<ListUserQueryInput, 'q' | 'filters'>): SqlFragment {
  const where = sql.and(userFilterConditions(query));
  return sql`
    WITH f AS MATERIALIZED (
      SELECT ud.in_registry, ud.tier, ud.kyc_status AS kyc, ud.last_activity_at, ud.activity_months, ud.activity_month_transactions,
             date_trunc('month', ud.registered_at AT TIME ZONE 'UTC')::date AS cohort
        FROM ${USER_DIRECTORY_FROM} WHERE ${where}),
    activity AS MATERIALIZED (
      SELECT f.cohort, a.month, a.transactions FROM f, unnest(f.activity_months, f.activity_month_transactions) AS a(month, transactions)),
    recent_cohorts AS (
      SELECT cohort, count(*)::int AS users FROM f WHERE cohort IS NOT NULL GROUP BY cohort ORDER BY cohort DESC LIMIT ${COHORT_COUNT}),
    retained AS MATERIALIZED (
      SELECT a.cohort,
             ((extract(year FROM a.month) * 12 + extract(month FROM a.month)) - (extract(year FROM a.cohort) * 12 + extract(month FROM a.cohort)))::int AS month_index,
             count(*)::int AS active
        FROM activity a JOIN recent_cohorts USING (cohort)
       WHERE a.month >= a.cohort AND a.month < a.cohort + make_interval(months => ${COHORT_MONTHS}::int)
       GROUP BY 1, 2),
    monthly AS (
      SELECT month, count(*)::int AS active_users, sum(transactions)::int AS transactions
        FROM activity GROUP BY month ORDER BY month DESC LIMIT ${ACTIVITY_MONTHS})
    SELECT jsonb_build_object(
      'users', (SELECT count(*) FROM f),
      'funnel', (SELECT jsonb_build_object(
                   'registered', count(*) FILTER (WHERE in_registry),
                   'submitted', count(*) FILTER (WHERE in_registry AND kyc <> 'not_submitted'),
                   'verified', count(*) FILTER (WHERE in_registry AND kyc = 'verified')) FROM f),
      'active7', (SELECT count(*) FROM f WHERE last_activity_at >= now() - interval '7 days'),
      'active30', (SELECT count(*) FROM f WHERE last_activity_at >= now() - interval '30 days'),
      'registrations', (SELECT coalesce(jsonb_agg(jsonb_build_object('month', cohort, 'users', n) ORDER BY cohort), '[]')
                          FROM (SELECT cohort, count(*) AS n FROM f WHERE cohort IS NOT NULL GROUP BY cohort) r),
      'tiers', (SELECT coalesce(jsonb_agg(jsonb_build_object('tier', tier, 'users', n) ORDER BY tier NULLS LAST), '[]')
                  FROM (SELECT tier, count(*) AS n FROM f GROUP BY tier) t),
      'cohorts', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                           'cohort', c.cohort, 'users', c.users,
                           'active', (SELECT jsonb_agg(coalesce(r.active, 0) ORDER BY n)
                                        FROM generate_series(0, ${COHORT_MONTHS - 1}::int) n
                                        LEFT JOIN retained r ON r.cohort = c.cohort AND r.month_index = n)) ORDER BY c.cohort DESC), '[]')
                    FROM recent_cohorts c),
      'activity', (SELECT coalesce(jsonb_agg(jsonb_build_object('month', month, 'activeUsers', active_users, 'transactions', transactions) ORDER BY month), '[]')
                     FROM monthly)
    ) AS analytics`;
}

/** The analytics of the identities the directory's query matches (search and every filter; sort and page do not matter). */
export async function findUserAnalytics(em: EntityManager, query: Pick<ListUserQueryInput, 'q' | 'filters'>): Promise<UserAnalytics> {
  const statement = userAnalyticsQuery(query);
  const [row] = await em.execute<Array<{ analytics: UserAnalytics }>>(statement.text, [...statement.values]);
  return row.analytics;
}
