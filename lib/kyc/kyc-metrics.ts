import type { EntityManager } from '@mikro-orm/postgresql';
import { getSlaHours } from './kyc-rules';
import { slaBreachedCondition } from './kyc.repository';

/** One point of a case's timeline, as the metrics read it. */
export type TimelinePoint = { kind: 'submitted' | 'resubmission_requested' | 'resubmitted' | 'approved' | 'rejected'; at: Date };

/**
 * The review time of each final decision on one case: from its first submission to the approval or
 * rejection, minus every interval spent waiting for the applicant (from a resubmission request to the
 * resubmission). A case decided while still waiting counts only the time before the request.
 */
export function decisionDurations(points: readonly TimelinePoint[]): number[] {
  const ordered = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const durations: number[] = [];
  let segmentStart: number | null = null;
  let accumulated = 0;
  let waiting = false;
  for (const point of ordered) {
    const at = point.at.getTime();
    switch (point.kind) {
      case 'submitted':
        if (segmentStart === null && !waiting) segmentStart = at;
        break;
      case 'resubmission_requested':
        if (segmentStart !== null && !waiting) accumulated += at - segmentStart;
        waiting = true;
        segmentStart = null;
        break;
      case 'resubmitted':
        if (waiting) {
          waiting = false;
          segmentStart = at;
        }
        break;
      case 'approved':
      case 'rejected':
        if (segmentStart !== null || waiting || accumulated > 0) durations.push(accumulated + (segmentStart !== null && !waiting ? at - segmentStart : 0));
        segmentStart = null;
        accumulated = 0;
        waiting = false;
        break;
    }
  }
  return durations;
}

/** The q-quantile by linear interpolation between closest ranks (PostgreSQL's percentile_cont); null for no values. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

export type KycMetrics = {
  from: string;
  to: string;
  timeToDecision: { p50Hours: number | null; p90Hours: number | null; decisions: number };
  decisions: { approved: number; rejected: number; resubmissionRequested: number };
  approvalRate: number | null;
  resubmissionRate: number | null;
  perReviewer: Array<{ reviewer: string; approved: number; rejected: number; resubmissionRequested: number }>;
  daily: Array<{ day: string; approved: number; rejected: number; resubmissionRequested: number }>;
  slaBreachedNow: number;
};

type TimelineRow = { key: string; kind: TimelinePoint['kind']; at: Date | string };

/**
 * The KYC figures for decisions made in [from, to): time to decision p50/p90 from each case's timeline
 * (decision 048 says how submissions and resubmissions are dated), counts per reviewer and per day,
 * approval and resubmission rates, and the SLA breaches open now. The compliance report reads the same.
 */
export async function findKycMetrics(em: EntityManager, range: { from: Date; to: Date }): Promise<KycMetrics> {
  const params = [range.from.toISOString(), range.to.toISOString()];
  // Every case with a final decision in the range, with its whole timeline: the review events, the
  // first surviving upload as the submission, and the first upload after each resubmission request.
  const timeline = await em.execute<TimelineRow[]>(
    `WITH decided AS (
       SELECT DISTINCT application_key FROM kyc_case_events
        WHERE kind IN ('approved', 'rejected') AND occurred_at >= ?::timestamptz AND occurred_at < ?::timestamptz
     )
     SELECT e.application_key AS key, e.kind, e.occurred_at AS at FROM kyc_case_events e JOIN decided USING (application_key)
      WHERE e.kind IN ('approved', 'rejected', 'resubmission_requested')
     UNION ALL
     SELECT a.legacy_key, 'submitted', min(d.uploaded_at) FROM decided JOIN kyc_applications a ON a.legacy_key = decided.application_key
       JOIN kyc_documents d ON d.application_id = a.id GROUP BY a.legacy_key
     UNION ALL
     SELECT r.application_key, 'resubmitted', (SELECT min(d.uploaded_at) FROM kyc_documents d JOIN kyc_applications a ON a.id = d.application_id
                                                  WHERE a.legacy_key = r.application_key AND d.uploaded_at > r.occurred_at)
       FROM kyc_case_events r JOIN decided USING (application_key) WHERE r.kind = 'resubmission_requested'`,
    params,
  );
  const byCase = new Map<string, TimelinePoint[]>();
  for (const row of timeline) {
    if (row.at === null) continue;
    const points = byCase.get(row.key) ?? [];
    points.push({ kind: row.kind, at: new Date(row.at) });
    byCase.set(row.key, points);
  }
  const durations = [...byCase.values()].flatMap(decisionDurations);
  const hours = (ms: number | null) => (ms === null ? null : ms / 3_600_000);

  const counted = await em.execute<Array<{ reviewer: string; day: string; kind: string; n: string }>>(
    `SELECT coalesce(actor_label, 'unknown') AS reviewer, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, kind, count(*) AS n
       FROM kyc_case_events WHERE kind IN ('approved', 'rejected', 'resubmission_requested') AND occurred_at >= ?::timestamptz AND occurred_at < ?::timestamptz
      GROUP BY 1, 2, 3`,
    params,
  );
  const field = { approved: 'approved', rejected: 'rejected', resubmission_requested: 'resubmissionRequested' } as const;
  const empty = () => ({ approved: 0, rejected: 0, resubmissionRequested: 0 });
  const totals = empty();
  const reviewers = new Map<string, ReturnType<typeof empty>>();
  const days = new Map<string, ReturnType<typeof empty>>();
  for (const row of counted) {
    const name = field[row.kind as keyof typeof field];
    const n = Number(row.n);
    totals[name] += n;
    reviewers.set(row.reviewer, { ...(reviewers.get(row.reviewer) ?? empty()), [name]: (reviewers.get(row.reviewer)?.[name] ?? 0) + n });
    days.set(row.day, { ...(days.get(row.day) ?? empty()), [name]: (days.get(row.day)?.[name] ?? 0) + n });
  }
  const final = totals.approved + totals.rejected;
  const all = final + totals.resubmissionRequested;
  const breach = slaBreachedCondition(await getSlaHours(em));
  const [breached] = await em.execute<Array<{ n: string }>>(`SELECT count(*) AS n FROM kyc_applications a WHERE ${breach.text}`, [...breach.values]);
  return {
    from: params[0],
    to: params[1],
    timeToDecision: { p50Hours: hours(percentile(durations, 0.5)), p90Hours: hours(percentile(durations, 0.9)), decisions: durations.length },
    decisions: totals,
    approvalRate: final === 0 ? null : totals.approved / final,
    resubmissionRate: all === 0 ? null : totals.resubmissionRequested / all,
    perReviewer: [...reviewers.entries()].map(([reviewer, counts]) => ({ reviewer, ...counts })).sort((a, b) => a.reviewer.localeCompare(b.reviewer)),
    daily: [...days.entries()].map(([day, counts]) => ({ day, ...counts })).sort((a, b) => a.day.localeCompare(b.day)),
    slaBreachedNow: Number(breached.n),
  };
}
