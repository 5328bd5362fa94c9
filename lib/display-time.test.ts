import { describe, expect, it } from 'vitest';
import { formatUtc, formatUtcStamp } from './display-time';

describe('display time', () => {
  it('shows an ISO time as year-first UTC to the second, and a dash for none', () => {
    expect(formatUtc('2026-12-06T11:45:12.345Z')).toBe('2026-12-06 11:45:12');
    expect(formatUtc(null)).toBe('—');
  });

  it('writes the zone out, to the minute when asked', () => {
    expect(formatUtcStamp('2026-12-06T11:45:12.345Z')).toBe('2026-12-06 11:45:12 UTC');
    expect(formatUtcStamp('2026-12-06T11:45:12.345Z', 'minute')).toBe('2026-12-06 11:45 UTC');
    expect(formatUtcStamp(null)).toBe('—');
  });
});
