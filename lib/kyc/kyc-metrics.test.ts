import { describe, expect, it } from 'vitest';
import { decisionDurations, percentile, type TimelinePoint } from './kyc-metrics';

const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000);
const point = (kind: TimelinePoint['kind'], hours: number): TimelinePoint => ({ kind, at: at(hours) });
const inHours = (values: number[]) => values.map((ms) => ms / 3_600_000);

describe('time to decision from the timeline', () => {
  it('excludes the time spent waiting for the applicant, not just the two ends subtracted', () => {
    // Submitted at 0, resubmission asked at 10, resubmitted at 70, approved at 75: 10 + 5 = 15 h of review, not 75.
    const timeline = [point('submitted', 0), point('resubmission_requested', 10), point('resubmitted', 70), point('approved', 75)];
    expect(inHours(decisionDurations(timeline))).toEqual([15]);
  });

  it('reads events in time order whatever order they arrive in, and counts two waits', () => {
    const timeline = [
      point('rejected', 40),
      point('resubmitted', 30),
      point('submitted', 0),
      point('resubmission_requested', 2),
      point('resubmitted', 12),
      point('resubmission_requested', 20),
    ];
    // 0→2 (2 h), wait 2→12, 12→20 (8 h), wait 20→30, 30→40 (10 h): 20 h.
    expect(inHours(decisionDurations(timeline))).toEqual([20]);
  });

  it('p50 and p90 of known cases match the hand computation (linear interpolation between ranks)', () => {
    // Review times 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 h (case i: submitted at 0, decided at 2i h; every
    // third case also waited 100 h for the applicant, which must not count).
    const durations = Array.from({ length: 10 }, (_, index) => {
      const review = 2 * (index + 1);
      const timeline =
        index % 3 === 0
          ? [point('submitted', 0), point('resubmission_requested', 1), point('resubmitted', 101), point('approved', 100 + review)]
          : [point('submitted', 0), point('approved', review)];
      return decisionDurations(timeline);
    }).flat();
    expect(inHours(durations)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    // p50: rank 4.5 → (10 + 12) / 2 = 11; p90: rank 8.1 → 18 + 0.1 × 2 = 18.2.
    expect(percentile(durations, 0.5)! / 3_600_000).toBeCloseTo(11, 10);
    expect(percentile(durations, 0.9)! / 3_600_000).toBeCloseTo(18.2, 10);
    expect(percentile([], 0.5)).toBeNull();
  });
});
