import type { z } from 'zod';
import { ADMIN_KEY } from './fixtures/legacy-app';
import { expect, test } from './fixtures/test';
import { LEGACY_ROUTES } from '../../lib/legacy-api/route-catalog';
import { assetRoutes } from '../../lib/legacy-api/assets/asset.routes';
import { kycRoutes } from '../../lib/legacy-api/kyc/kyc.routes';
import { userRoutes } from '../../lib/legacy-api/users/user.routes';
import { walletRoutes } from '../../lib/legacy-api/wallets/wallet.routes';
import type { LegacyRouteSpec } from '../../lib/legacy-api/route-spec';

type Spec = LegacyRouteSpec<unknown, unknown, unknown, unknown>;
const headersFor = (spec: Spec): Record<string, string> => (spec.access === 'public' ? {} : { 'X-Admin-Key': ADMIN_KEY });

/** Every request example of legacy-contract.md §2 the catalog carries, in contract order. */
const EXAMPLES = LEGACY_ROUTES.flatMap((spec) => (spec.examples ?? []).map((example) => ({ spec, example })));

test.describe('[LEGACY API][CONTRACT]: every documented request answers with the documented shape', () => {
  for (const { spec, example } of EXAMPLES) {
    test(`${spec.method} ${example.path}`, async ({ api }) => {
      const response = await api.fetch(example.path, { method: spec.method, headers: headersFor(spec), data: example.body });
      expect(response.status(), await response.text()).toBe(spec.successStatus ?? 200);
      const body = await response.json();
      const parsed = (spec.response as z.ZodType).safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
      if (spec.kind === 'read') expect(body.databaseConnected).toBe(true);
    });
  }

  test('the routes with a path parameter, on ids taken from the data', async ({ api }) => {
    const admin = { 'X-Admin-Key': ADMIN_KEY };
    const check = async (spec: Spec, path: string, headers: Record<string, string> = {}) => {
      const response = await api.get(path, { headers });
      expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
      const parsed = (spec.response as z.ZodType).safeParse(await response.json());
      expect(parsed.success, `${path}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true);
    };
    const { assets } = await (await api.get('/api/admin/assets?limit=1', { headers: admin })).json();
    await check(assetRoutes.get, `/api/admin/assets/${encodeURIComponent(String(assets[0].id))}`, admin);

    const { wallets } = await (await api.get('/api/wallet/wallets?limit=1')).json();
    await check(walletRoutes.detail, `/api/wallet/${wallets[0].address}`);
    await check(walletRoutes.info, `/api/wallet/info/${wallets[0].address}`);

    const { applications } = await (await api.get('/api/kyc/admin/pending', { headers: admin })).json();
    await check(kycRoutes.documents, `/api/kyc/documents/${applications[0].identityHash}`, admin);
    // legacy-gen's first user is +1234567890; the legacy route takes the number itself.
    const byPhone = await api.get('/api/kyc/documents/+1234567890', { headers: admin });
    expect([200, 404]).toContain(byPhone.status());

    const { users } = await (await api.get('/api/users?limit=1', { headers: admin })).json();
    await check(userRoutes.get, `/api/users/${users[0].id}`, admin);
  });

  test('the OpenAPI document lists every route and is served without a key', async ({ api }) => {
    const response = await api.get('/api/openapi.json');
    expect(response.status()).toBe(200);
    const document = await response.json();
    for (const spec of LEGACY_ROUTES) expect(document.paths[spec.path.replace(/:(\w+)/g, '{$1}')]?.[spec.method.toLowerCase()], spec.path).toBeDefined();
  });
});
