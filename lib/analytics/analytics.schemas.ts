import { z } from 'zod';

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The most buckets a trend answers (about five years of days): the aggregates are small, the chart is not. */
export const MAX_TREND_POINTS = 1_830;
/** The range shown when the URL names none: this many days, ending at the newest day the aggregates hold. */
export const DEFAULT_RANGE_DAYS = 90;

const DAY_MS = 86_400_000;
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD.')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'Not a calendar date.');

/** Buckets between two UTC dates at a granularity (both ends included; a partial week or month counts). */
export function bucketCount(from: string, to: string, granularity: Granularity): number {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (granularity === 'day') return Math.floor((end.getTime() - start.getTime()) / DAY_MS) + 1;
  if (granularity === 'week') return Math.floor((end.getTime() - start.getTime()) / (7 * DAY_MS)) + 2;
  return (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth() + 1;
}

/**
 * A trend's range and granularity, as the URL (`?from&to&granularity`) and the legacy routes carry them.
 * `from`/`to` are UTC dates, both included; absent, the repository picks the default range.
 */
export const trendQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    granularity: z.enum(GRANULARITIES, { message: `The granularity is one of ${GRANULARITIES.join(', ')}.` }).default('day'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: 'The start date is after the end date.', path: ['from'] })
  .refine((query) => !query.from || !query.to || bucketCount(query.from, query.to, query.granularity) <= MAX_TREND_POINTS, {
    message: `At most ${MAX_TREND_POINTS.toLocaleString('en-US')} points: choose a coarser granularity or a shorter range.`,
    path: ['granularity'],
  });
export type TrendQueryInput = z.infer<typeof trendQuerySchema>;

/** The on-demand refresh: a reason is recorded with it in the audit trail. */
export const refreshAggregatesSchema = z.object({
  reason: z.string().trim().max(200).optional().default(''),
});
