import { describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { consumeRateLimit, rateLimitHeaders } from './rate-limit';

// Read before anything else parses the environment: a small budget keeps the test short.
process.env.RATE_LIMIT_MAX = '5';
process.env.RATE_LIMIT_WINDOW = '60000';

describe(`rate limit (${process.env.REDIS_URL ? 'Redis' : 'in-process'} counter)`, () => {
  it('allows RATE_LIMIT_MAX requests per client and window, then refuses with RateLimit-* and Retry-After', async () => {
    expect(env().RATE_LIMIT_MAX).toBe(5);
    const client = `vitest-${crypto.randomUUID()}`;
    const now = Date.now();
    const results = [];
    for (let index = 0; index < 7; index += 1) results.push(await consumeRateLimit(client, now));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(results.map((result) => result.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
    const refused = rateLimitHeaders(results[5]);
    expect(refused).toMatchObject({ 'RateLimit-Limit': '5', 'RateLimit-Remaining': '0' });
    expect(Number(refused['Retry-After'])).toBeGreaterThan(0);
    expect(Number(refused['RateLimit-Reset'])).toBeLessThanOrEqual(60);
  });

  it('counts each client separately and starts over in the next window', async () => {
    const now = Date.now();
    const [first, second] = [`a-${crypto.randomUUID()}`, `b-${crypto.randomUUID()}`];
    for (let index = 0; index < 5; index += 1) await consumeRateLimit(first, now);
    expect((await consumeRateLimit(first, now)).allowed).toBe(false);
    expect((await consumeRateLimit(second, now)).allowed).toBe(true);
    expect((await consumeRateLimit(first, now + 60_000)).allowed).toBe(true);
  });
});
