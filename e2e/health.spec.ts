import { expect, test } from '@playwright/test';

test('[HEALTH]: liveness and readiness answer 200 with their checks', async ({ request }) => {
  const live = await request.get('/api/health');
  expect(live.status()).toBe(200);
  expect(await live.json()).toMatchObject({ status: 'ok' });

  const ready = await request.get('/api/health/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({
    ready: true,
    checks: { database: { ok: true }, migrations: { ok: true, detail: 'current' }, cache: { ok: true } },
  });
});
