import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import type { z } from 'zod';
import { ADMIN_KEY, BASE_PORT, copyLegacyFolder, DEAD_DATABASE_URL, startApp, type RunningApp } from './fixtures/legacy-app';
import { expect, test } from './fixtures/test';
import { LEGACY_ROUTES } from '../../lib/legacy-api/route-catalog';

const admin = { 'X-Admin-Key': ADMIN_KEY };
let app: RunningApp;
let api: APIRequestContext;
let folder: string;

/** SHA-256 of every file below a folder: "the files are unchanged" means this map is equal. */
function folderDigest(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const file = path.join(current, name);
      if (statSync(file).isDirectory()) walk(file);
      else entries[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
    }
  };
  walk(dir);
  return entries;
}

test.describe('[LEGACY API][FALLBACK]: with PostgreSQL unreachable the reads come from the legacy files', () => {
  test.beforeAll(async ({ legacy }) => {
    folder = copyLegacyFolder(legacy, 'fallback-copy');
    app = await startApp(BASE_PORT + 1, { ...legacy.env, DATABASE_URL: DEAD_DATABASE_URL, LEGACY_DATA_DIR: folder, RATE_LIMIT_MAX: '1000000' });
    api = await playwrightRequest.newContext({ baseURL: app.baseURL });
  });

  test.afterAll(async () => {
    await api?.dispose();
    await app?.stop();
  });

  test('every documented read answers with its documented shape and databaseConnected: false', async () => {
    for (const spec of LEGACY_ROUTES.filter((route) => route.method === 'GET')) {
      for (const example of spec.examples ?? []) {
        const response = await api.get(example.path, { headers: spec.access === 'public' ? {} : admin });
        expect(response.status(), `${example.path}: ${await response.text()}`).toBe(200);
        expect(response.headers()['x-data-source']).toBe('legacy-files');
        const body = await response.json();
        expect(body.databaseConnected, example.path).toBe(false);
        const parsed = (spec.response as z.ZodType).safeParse(body);
        expect(parsed.success, `${example.path}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true);
      }
    }
  });

  test("the answers are the files' contents", async () => {
    const live = JSON.parse(readFileSync(path.join(folder, 'explorer-data/live-stats.json'), 'utf8'));
    expect(await (await api.get('/api/explorer/stats')).json()).toEqual({ ...live, databaseConnected: false });
    const opportunities = JSON.parse(readFileSync(path.join(folder, 'admin-opportunities.json'), 'utf8')).opportunities;
    const list = await (await api.get('/api/admin/assets?limit=200', { headers: admin })).json();
    expect(list.pagination.total).toBe(opportunities.length);
    const health = await (await api.get('/api/admin/database-health', { headers: admin })).json();
    expect(health).toMatchObject({ status: 'fallback', databaseConnected: false });
  });

  test('writes answer 503 and leave every file unchanged', async () => {
    const before = folderDigest(folder);
    const writes = [
      api.post('/api/admin/pool-tiers', { headers: admin, data: { poolId: 'gold-vault', requiredTier: 1 } }),
      api.post('/api/admin/assets', { headers: admin, data: { type: 'investment', title: 'Written while down' } }),
      api.post('/api/kyc/upload-document', {
        multipart: {
          phoneNumber: '+1234567890',
          documentType: 'id',
          document: { name: 'id.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') },
        },
      }),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.status()).toBe(503);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/Database unavailable/) });
    }
    expect(folderDigest(folder)).toEqual(before);
  });

  test('500 with a generic message when a legacy file is unreadable; the details stay in the server log', async () => {
    writeFileSync(path.join(folder, 'server-logs.json'), '{"logs": [ {"timestamp": ');
    const response = await api.get('/api/logs', { headers: admin });
    expect(response.status()).toBe(500);
    expect(await response.json()).toEqual({ error: 'Internal server error' });
  });
});
