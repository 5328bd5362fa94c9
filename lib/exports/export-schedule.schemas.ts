import parser from 'cron-parser';
import { z } from 'zod';
import { EXPORT_FORMATS, EXPORT_GRID_IDS } from './export.schemas';

/** Runs shown under the form, and the most a schedule may run: once a minute for five fields, every 10 s with seconds (tests use seconds). */
export const PREVIEW_RUNS = 5;

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/**
 * The next `count` runs of a cron (five fields, or six with seconds first) read in `timeZone`, after
 * `from`. Throws on an expression cron-parser refuses.
 */
export function nextRuns(cron: string, timeZone: string, { from = new Date(), count = PREVIEW_RUNS }: { from?: Date; count?: number } = {}): Date[] {
  const expression = parser.parseExpression(cron, { tz: timeZone, currentDate: from });
  return Array.from({ length: count }, () => expression.next().toDate());
}

const cronSchema = z
  .string()
  .trim()
  .max(120)
  .refine((cron) => [5, 6].includes(cron.split(/\s+/).length), 'Give five fields (minute hour day month weekday), or six with seconds first.')
  .refine((cron) => {
    try {
      nextRuns(cron, 'UTC', { count: 1 });
      return true;
    } catch {
      return false;
    }
  }, 'This is not a cron expression (e.g. "0 6 * * 1": Mondays at 06:00).');

export const exportScheduleSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the schedule.').max(120),
    grid: z.enum(EXPORT_GRID_IDS, { message: 'Choose a grid.' }),
    /** The grid's URL parameters (filter, search, sort, columns), as its page URL or a saved view carries them. */
    query: z
      .string()
      .trim()
      .max(4_000)
      .transform((query) => query.replace(/^.*\?/, '')),
    savedViewId: z
      .union([z.uuid(), z.literal('')])
      .optional()
      .transform((id) => id || undefined),
    format: z.enum(EXPORT_FORMATS, { message: 'Choose a format.' }),
    cron: cronSchema,
    timeZone: z.string().trim().refine(isTimeZone, 'Give an IANA time zone, e.g. Africa/Cairo.'),
    reason: z.string().trim().min(1, 'Say why this export runs.').max(500),
  })
  .superRefine((input, context) => {
    // Seconds are for tests and demos; a faster schedule would only fill the disk.
    try {
      const [first, second] = nextRuns(input.cron, input.timeZone, { count: 2 });
      if (second.getTime() - first.getTime() < 2_000) context.addIssue({ code: 'custom', path: ['cron'], message: 'Run at most every 2 seconds.' });
    } catch {
      // cronSchema has reported it.
    }
  });
export type ExportScheduleInput = z.infer<typeof exportScheduleSchema>;

export const exportScheduleIdSchema = z.object({ id: z.uuid() });

export const previewScheduleSchema = z.object({
  cron: cronSchema,
  timeZone: z.string().trim().refine(isTimeZone, 'Give an IANA time zone, e.g. Africa/Cairo.'),
});
