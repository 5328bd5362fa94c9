import { ADMIN_KEY } from './fixtures/legacy-app';
import { queryLegacyDb } from './fixtures/database';
import { expect, test } from './fixtures/test';

const admin = { 'X-Admin-Key': ADMIN_KEY };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);

test.describe('[LEGACY API][ERRORS]: failures answer { error } with the legacy status', () => {
  test('401 without the key or with a wrong one, each attempt audited', async ({ api, legacy }) => {
    const missing = await api.get('/api/admin/assets');
    expect(missing.status()).toBe(401);
    expect(await missing.json()).toEqual({ error: expect.any(String) });
    // A client naming itself in X-Forwarded-For is not a trusted proxy (TRUSTED_PROXIES is empty): the socket address is audited.
    const wrong = await api.get('/api/admin/pool-tiers', { headers: { 'X-Admin-Key': 'not-the-key', 'X-Forwarded-For': '6.6.6.6' } });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toEqual({ error: expect.any(String) });
    await expect
      .poll(async () =>
        (
          await queryLegacyDb<{ action: string; source: string; ip: string | null }>(
            legacy.databaseUrl,
            `SELECT action, source, host(ip_address) AS ip FROM audit_trail WHERE table_name = 'legacy_api' AND record_id IN ('GET /api/admin/assets', 'GET /api/admin/pool-tiers')`,
          )
        ).map((row) => `${row.action}/${row.source}/${row.ip}`),
      )
      .toEqual(expect.arrayContaining(['ADMIN_AUTH_FAILED/legacy-api/127.0.0.1']));
  });

  test('the routes the legacy server left open need the key by default (LEGACY_API_REQUIRE_ADMIN_KEY), and the key is audited as ADMIN_ACCESS', async ({
    api,
    legacy,
  }) => {
    for (const path of ['/api/admin/dashboard-stats', '/api/admin/dashboard/health', '/api/admin/database/tables', '/api/logs']) {
      expect((await api.get(path)).status(), path).toBe(401);
    }
    expect((await api.get('/api/admin/dashboard-stats', { headers: admin })).status()).toBe(200);
    const health = await api.get('/api/admin/dashboard/health', { headers: admin });
    expect(await health.text()).not.toContain(legacy.dataDir);
    expect((await api.get('/api/admin/tier-analytics', { headers: admin })).status()).toBe(200);
    await expect
      .poll(
        async () =>
          (await queryLegacyDb(legacy.databaseUrl, `SELECT 1 FROM audit_trail WHERE action = 'ADMIN_ACCESS' AND record_id = 'GET /api/admin/tier-analytics'`))
            .length,
      )
      .toBeGreaterThan(0);
  });

  test('400 for invalid JSON, a wrong type and a bad tier', async ({ api }) => {
    const invalid = await api.post('/api/admin/pool-tiers', {
      headers: { ...admin, 'content-type': 'application/json' },
      data: Buffer.from('{"poolId": "gold-vault",'),
    });
    expect([invalid.status(), await invalid.json()]).toEqual([400, { error: 'Invalid JSON body' }]);
    const wrongType = await api.post('/api/admin/assets', { headers: admin, data: { type: 'investment', title: 7 } });
    expect([wrongType.status(), await wrongType.json()]).toEqual([400, { error: expect.stringMatching(/^title: /) }]);
    const badTier = await api.post('/api/admin/upgrade-user-tier', { headers: admin, data: { phoneNumber: '+1234567890', tier: 6 } });
    expect([badTier.status(), await badTier.json()]).toEqual([400, { error: 'Invalid tier level' }]);
  });

  test('403 for a browser origin that is not configured; allowed origins get CORS headers and a preflight', async ({ api }) => {
    const refused = await api.get('/api/explorer/stats', { headers: { Origin: 'https://evil.example' } });
    expect([refused.status(), await refused.json()]).toEqual([403, { error: 'Origin not allowed' }]);
    const preflight = await api.fetch('/api/admin/assets', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3002', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-admin-key' },
    });
    expect(preflight.status()).toBe(204);
    expect(preflight.headers()['access-control-allow-origin']).toBe('http://localhost:3002');
    expect(preflight.headers()['access-control-allow-methods']).toContain('POST');
    const allowed = await api.get('/api/explorer/stats', { headers: { Origin: 'http://localhost:5173' } });
    expect(allowed.headers()['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  test('404 for an unknown asset, wallet and user', async ({ api }) => {
    for (const path of ['/api/admin/assets/opp_404', '/api/wallet/0x0000000000000000000000000000000000000404', `/api/users/0x${'4'.repeat(64)}`]) {
      const response = await api.get(path, { headers: admin });
      expect([response.status(), await response.json()], path).toEqual([404, { error: expect.stringMatching(/not found/i) }]);
    }
  });

  test('413 for an oversize upload, 415 for the wrong file type', async ({ api }) => {
    const tooBig = await api.post('/api/admin/assets/upload-image', {
      headers: admin,
      multipart: { image: { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([JPEG, Buffer.alloc(6 * 1024 * 1024)]) } },
    });
    expect([tooBig.status(), await tooBig.json()]).toEqual([413, { error: expect.stringMatching(/too large/i) }]);
    const notPdf = await api.post('/api/admin/assets/upload-document', {
      headers: admin,
      multipart: { document: { name: 'contract.pdf', mimeType: 'application/pdf', buffer: JPEG } },
    });
    expect([notPdf.status(), await notPdf.json()]).toEqual([415, { error: expect.stringMatching(/Unsupported file type/) }]);
  });
});
