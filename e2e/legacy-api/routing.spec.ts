import { ADMIN_KEY } from './fixtures/legacy-app';
import { expect, test } from './fixtures/test';

const admin = { 'X-Admin-Key': ADMIN_KEY };

test.describe('[LEGACY API][ROUTING]: static sub-paths are never captured by [id] segments', () => {
  test('/api/admin/assets/analytics is the analytics, not the asset "analytics"', async ({ api }) => {
    const response = await api.get('/api/admin/assets/analytics', { headers: admin });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, analytics: { totalAssets: expect.any(Number) } });
  });

  test('/api/admin/assets/create and the upload paths are their own routes', async ({ api }) => {
    const created = await api.post('/api/admin/assets/create', { headers: admin, data: { type: 'investment', title: 'Routing Check Asset' } });
    expect(created.status()).toBe(201);
    expect((await created.json()).asset.title).toBe('Routing Check Asset');
    for (const path of ['/api/admin/assets/upload-image', '/api/admin/assets/upload-document', '/api/admin/assets/upload']) {
      // Without a file these answer 415 from the upload handler; the [id] route has no POST (405).
      const response = await api.post(path, { headers: { ...admin, 'content-type': 'application/json' }, data: {} });
      expect(response.status(), path).toBe(415);
    }
  });

  test('/api/users/stats, /api/wallet/wallets and /api/wallet/info/:address are not ids or addresses', async ({ api }) => {
    expect(await (await api.get('/api/users/stats', { headers: admin })).json()).toMatchObject({ success: true, stats: { total_users: expect.any(Number) } });
    const wallets = await (await api.get('/api/wallet/wallets?limit=2')).json();
    expect(wallets.wallets).toHaveLength(2);
    const info = await api.get(`/api/wallet/info/${wallets.wallets[0].address}`);
    expect(Object.keys(await info.json())).toEqual(expect.arrayContaining(['balances', 'created', 'totalValue']));
  });
});
