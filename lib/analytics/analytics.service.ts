import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError } from '@/lib/errors';
import type { RecurringJob } from '@/lib/jobs/recurring-job';
import type { AnalyticsOverview, Trend } from './analytics.dto';
import {
  ANALYTICS_VIEWS,
  DISTRIBUTIONS_VIEW,
  REAL_TIME_VIEW,
  defaultRange,
  findDistributions,
  findRealTimeStats,
  findRefreshTimes,
  findTransactionTypes,
  findTrend,
  periodView,
  typesView,
} from './analytics.repository';
import type { TrendQueryInput } from './analytics.schemas';

export type RefreshResult = { view: string; refreshedAt: string }[];

/**
 * Refreshes every aggregate `CONCURRENTLY` through `analytics_refresh` (SECURITY DEFINER: the app login
 * owns no view), one statement per view, so each view's lock is held only for its own refresh and readers
 * keep reading the previous contents meanwhile. Records each view's refresh time.
 */
export async function refreshAggregates(em: EntityManager): Promise<RefreshResult> {
  const result: RefreshResult = [];
  for (const view of ANALYTICS_VIEWS) {
    const [row] = await em.execute<Array<{ refreshed_at: Date }>>('SELECT analytics_refresh(?) AS refreshed_at', [view]);
    result.push({ view, refreshedAt: new Date(row.refreshed_at).toISOString() });
  }
  return result;
}

/** How long after an on-demand refresh another one is refused: each rebuilds every aggregate over the whole history. */
export const ON_DEMAND_REFRESH_COOLDOWN_SECONDS = 30;

/** The on-demand refresh (the analytics screen's button): audited with who asked and why; repeated clicks within the cooldown are refused. */
export async function refreshAggregatesNow(em: EntityManager, reason: string, audit: AuditContext): Promise<RefreshResult> {
  const [recent] = await em.execute<Array<{ wait: number }>>(
    `SELECT ceil(? - extract(epoch FROM now() - max(changed_at)))::int AS wait FROM audit_trail
      WHERE action = 'ANALYTICS_REFRESHED' AND changed_at > now() - make_interval(secs => ?)`,
    [ON_DEMAND_REFRESH_COOLDOWN_SECONDS, ON_DEMAND_REFRESH_COOLDOWN_SECONDS],
  );
  if (recent?.wait) throw new AppError('LIMIT_EXCEEDED', `The aggregates were refreshed moments ago; try again in ${recent.wait} s.`);
  const result = await refreshAggregates(em);
  await recordAuditEvent(
    em,
    {
      action: 'ANALYTICS_REFRESHED',
      tableName: 'analytics_refreshes',
      recordId: 'all',
      newValues: { reason: reason || null, views: result.map(({ view }) => view) },
    },
    audit,
  );
  return result;
}

/** Every 5 minutes (requirements.md §8.2), once across instances (the job queue). */
export const refreshAggregatesJob: RecurringJob = {
  name: 'analytics.refresh-aggregates',
  cron: '*/5 * * * *',
  async run({ orm, log }) {
    const started = Date.now();
    const result = await refreshAggregates(orm.em.fork());
    log(`analytics.refresh-aggregates: refreshed ${result.length} views in ${Date.now() - started} ms`);
  },
};

/** A trend over the range (or the default one) at the granularity, with the refresh times of the views it read. */
export async function getTrend(em: EntityManager, query: TrendQueryInput): Promise<Trend> {
  const fallback = query.from && query.to ? null : await defaultRange(em);
  const range = { from: query.from ?? fallback!.from, to: query.to ?? fallback!.to, granularity: query.granularity };
  if (range.from > range.to) range.from = range.to;
  const [points, types, refreshed] = [await findTrend(em, range), await findTransactionTypes(em, range), await findRefreshTimes(em)];
  return {
    ...range,
    points,
    types,
    refreshedAt: refreshed[periodView(range.granularity)] ?? null,
    typesRefreshedAt: refreshed[typesView(range.granularity)] ?? null,
  };
}

/** Everything the analytics screen and `/api/analytics/dashboard` show, from the aggregates only. */
export async function getAnalyticsOverview(em: EntityManager, query: TrendQueryInput): Promise<AnalyticsOverview> {
  const trend = await getTrend(em, query);
  const distributions = await findDistributions(em);
  const realTime = await findRealTimeStats(em);
  const refreshed = await findRefreshTimes(em);
  return {
    trend,
    ...distributions,
    distributionsRefreshedAt: refreshed[DISTRIBUTIONS_VIEW] ?? null,
    realTime,
    realTimeRefreshedAt: refreshed[REAL_TIME_VIEW] ?? null,
  };
}
