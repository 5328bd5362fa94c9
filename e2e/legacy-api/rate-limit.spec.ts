import { request as playwrightRequest } from '@playwright/test';
import { BASE_PORT, startApp, type RunningApp } from './fixtures/legacy-app';
import { expect, test } from './fixtures/test';

const instances: RunningApp[] = [];

test.describe('[LEGACY API][RATE LIMIT]: two instances sharing Redis share one budget per client', () => {
  test.skip(!process.env.REDIS_URL, 'needs REDIS_URL: without Redis each instance counts on its own');

  test.beforeAll(async ({ legacy }) => {
    // The test stands for a proxy on this machine (TRUSTED_PROXIES), so its X-Forwarded-For names the client.
    const env = { ...legacy.env, REDIS_URL: process.env.REDIS_URL!, RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW: '60000', TRUSTED_PROXIES: '127.0.0.1' };
    instances.push(...(await Promise.all([startApp(BASE_PORT + 2, env), startApp(BASE_PORT + 3, env)])));
  });

  test.afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
  });

  test('a burst over the limit across both instances gets 429 with RateLimit-* headers', async () => {
    // Fixed 60 s windows: start the burst early in one, so it cannot straddle two.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 100));
    // A client address of its own, so earlier runs in the same window do not count.
    const client = { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 250) + 1}, 10.0.0.${Math.floor(Math.random() * 250) + 1}` };
    const [first, second] = await Promise.all(
      instances.map((instance) => playwrightRequest.newContext({ baseURL: instance.baseURL, extraHTTPHeaders: client })),
    );
    try {
      const remaining: string[] = [];
      for (const api of [first, first, first, second, second]) {
        const response = await api.get('/api/explorer/stats');
        expect(response.status()).toBe(200);
        remaining.push(response.headers()['ratelimit-remaining']);
      }
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);
      for (const api of [first, second]) {
        const refused = await api.get('/api/explorer/stats');
        expect(refused.status()).toBe(429);
        expect(await refused.json()).toEqual({ error: 'Too many requests, please try again later.' });
        const headers = refused.headers();
        expect(headers['ratelimit-limit']).toBe('5');
        expect(headers['ratelimit-remaining']).toBe('0');
        expect(Number(headers['ratelimit-reset'])).toBeGreaterThan(0);
        expect(Number(headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
    }
  });
});
