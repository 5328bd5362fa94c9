import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrm } from '@/lib/db';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { useTestOrm } from '@/lib/testing/test-orm';
import * as assetRoute from '@/app/api/admin/assets/route';
import * as assetByIdRoute from '@/app/api/admin/assets/[id]/route';
import * as assetStatusRoute from '@/app/api/admin/assets/[id]/status/route';
import * as uploadImageRoute from '@/app/api/admin/assets/upload-image/route';
import * as dashboardStatsRoute from '@/app/api/admin/dashboard-stats/route';
import * as explorerWalletsRoute from '@/app/api/explorer/wallets/route';
import * as explorerStatsRoute from '@/app/api/explorer/stats/route';
import * as poolTiersRoute from '@/app/api/admin/pool-tiers/route';
import * as upgradeTierRoute from '@/app/api/admin/upgrade-user-tier/route';
import * as uploadDocumentRoute from '@/app/api/admin/assets/upload-document/route';
import * as kycUploadRoute from '@/app/api/kyc/upload-document/route';
import * as kycVerifyRoute from '@/app/api/kyc/verify-documents/route';
import { DEVELOPMENT_ADMIN_KEY } from './admin-key';
import { flushAuthAttempts } from './auth-audit';
import { assetListBody, assetWriteBody } from './assets/asset.schemas';
import { explorerStatsBody } from './explorer/explorer.schemas';
import { explorerWalletsBody } from './explorer/explorer.schemas';
import { call, importLegacyFolder, legacyTestFolder } from './testing';
import { identityHashOf } from './phone';

let orm: MikroORM;
const folder = legacyTestFolder(4);
const { dir } = folder;
// Set before anything reads the environment (env() parses it once): the handlers' legacy data folder.
process.env.LEGACY_DATA_DIR = dir;
const ADMIN = { 'x-admin-key': DEVELOPMENT_ADMIN_KEY };
const probe = globalThis as typeof globalThis & { __pendDbProbe?: { reachable: boolean | null; checkedAt: number } };

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(orm.em.fork(), folder);
});

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

async function auditRows(action: string, path: string) {
  await flushAuthAttempts();
  return orm.em
    .fork()
    .execute<Array<{ source: string; actor_label: string | null }>>(
      `SELECT source, actor_label FROM audit_trail WHERE action = ? AND record_id LIKE ? ORDER BY seq`,
      [action, `% ${path}`],
    );
}

function opportunities(): Array<Record<string, unknown>> {
  return (JSON.parse(readFileSync(path.join(dir, 'admin-opportunities.json'), 'utf8')) as { opportunities: Array<Record<string, unknown>> }).opportunities;
}

describe('X-Admin-Key', () => {
  it('refuses an admin route without the key with 401 and audits the attempt as ADMIN_AUTH_FAILED', async () => {
    const response = await call(assetRoute.GET, '/api/admin/assets?limit=3');
    expect(response).toMatchObject({ status: 401, body: { error: expect.any(String) } });
    expect(await auditRows('ADMIN_AUTH_FAILED', '/api/admin/assets')).toContainEqual({ source: 'legacy-api', actor_label: 'legacy api' });
  });

  it('refuses a wrong key with 401', async () => {
    expect(await call(assetRoute.GET, '/api/admin/assets', { headers: { 'x-admin-key': 'guess' } })).toMatchObject({
      status: 401,
      body: { error: expect.any(String) },
    });
  });

  it('accepts the development key (no ADMIN_SECRET_KEY, not production) and audits ADMIN_ACCESS from the legacy API', async () => {
    const response = await call(assetRoute.GET, '/api/admin/assets?limit=3&sort=title&order=asc', { headers: ADMIN });
    expect(response.status).toBe(200);
    const body = assetListBody.parse(response.body);
    expect(body.assets).toHaveLength(3);
    expect(body.databaseConnected).toBe(true);
    expect(body.pagination.total).toBe(opportunities().length);
    expect(await auditRows('ADMIN_ACCESS', '/api/admin/assets')).toContainEqual({ source: 'legacy-api', actor_label: 'legacy server' });
  });

  it('a burst of attempts is written in batches that keep the audit hash chain intact', async () => {
    await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        call(explorerStatsRoute.GET, '/api/explorer/stats', { headers: { 'x-admin-key': index % 3 ? DEVELOPMENT_ADMIN_KEY : 'wrong' } }),
      ),
    );
    const rows = await auditRows('ADMIN_ACCESS', '/api/explorer/stats');
    expect(rows.length).toBe(40);
    expect(await auditRows('ADMIN_AUTH_FAILED', '/api/explorer/stats')).toHaveLength(20);
    expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ intact: true });
  });

  it('requires the key by default on the routes the legacy server served without one', async () => {
    expect((await call(dashboardStatsRoute.GET, '/api/admin/dashboard-stats')).status).toBe(401);
    expect((await call(dashboardStatsRoute.GET, '/api/admin/dashboard-stats', { headers: ADMIN })).status).toBe(200);
  });
});

describe('phone numbers', () => {
  // Privacy wins over the legacy contract (issue 13): the legacy mask showed 8 characters and every wallet its identity hash.
  it('show callers without the key the country code and two digits and no identity hash, and everything with it', async () => {
    const anonymous = explorerWalletsBody.parse((await call(explorerWalletsRoute.GET, '/api/explorer/wallets')).body);
    const admin = explorerWalletsBody.parse((await call(explorerWalletsRoute.GET, '/api/explorer/wallets', { headers: ADMIN })).body);
    const full = /^\+\d{8,15}$/;
    expect(anonymous.wallets.some((wallet) => full.test(wallet.phoneNumber ?? ''))).toBe(false);
    expect(JSON.stringify(anonymous)).not.toMatch(/"\+\d{8,15}"/);
    for (const wallet of anonymous.wallets) {
      for (const shown of [wallet.phoneNumber, wallet.maskedPhone]) if (shown) expect(shown, shown).toMatch(/^\+\d{1,3}\*+\d{0,2}$/);
    }
    expect(anonymous.wallets.some((wallet) => 'identityHash' in wallet)).toBe(false);
    expect(admin.wallets.some((wallet) => full.test(wallet.phoneNumber ?? ''))).toBe(true);
    expect(admin.wallets.every((wallet) => 'identityHash' in wallet)).toBe(true);
  });
});

describe('errors are { error } with the legacy status', () => {
  it('400 for invalid JSON, wrong types and a bad tier', async () => {
    expect(
      await call(poolTiersRoute.POST, '/api/admin/pool-tiers', {
        method: 'POST',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: '{"poolId":',
      }),
    ).toMatchObject({
      status: 400,
      body: { error: 'Invalid JSON body' },
    });
    expect(
      await call(poolTiersRoute.POST, '/api/admin/pool-tiers', { method: 'POST', headers: ADMIN, json: { poolId: 'gold-vault', requiredTier: 9 } }),
    ).toEqual(expect.objectContaining({ status: 400, body: { error: 'Invalid tier level' } }));
    const wrongType = await call(assetRoute.POST, '/api/admin/assets', { method: 'POST', headers: ADMIN, json: { type: 'investment', title: 42 } });
    expect(wrongType).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^title: /) } });
  });

  it('404 for an unknown asset id', async () => {
    expect(await call(assetByIdRoute.GET, '/api/admin/assets/opp_0', { headers: ADMIN, params: { id: 'opp_0' } })).toMatchObject({
      status: 404,
      body: { error: 'Asset not found' },
    });
  });

  it('413 for an oversize upload and 415 for a file that is not an image', async () => {
    const big = new FormData();
    big.set('image', new Blob([Buffer.alloc(6 * 1024 * 1024, 0xff)], { type: 'image/jpeg' }), 'big.jpg');
    expect(await call(uploadImageRoute.POST, '/api/admin/assets/upload-image', { method: 'POST', headers: ADMIN, body: big })).toMatchObject({
      status: 413,
      body: { error: expect.stringMatching(/too large/i) },
    });
    const text = new FormData();
    text.set('image', new Blob(['not an image'], { type: 'image/png' }), 'fake.png');
    expect(await call(uploadImageRoute.POST, '/api/admin/assets/upload-image', { method: 'POST', headers: ADMIN, body: text })).toMatchObject({
      status: 415,
      body: { error: expect.stringMatching(/Unsupported file type/) },
    });
    expect(
      await call(poolTiersRoute.POST, '/api/admin/pool-tiers', { method: 'POST', headers: { ...ADMIN, 'content-type': 'text/plain' }, body: 'x' }),
    ).toMatchObject({ status: 415 });
  });

  it('403 for a browser origin that is not configured, and a preflight for one that is', async () => {
    expect(await call(explorerStatsRoute.GET, '/api/explorer/stats', { headers: { origin: 'https://evil.example' } })).toMatchObject({
      status: 403,
      body: { error: 'Origin not allowed' },
    });
    const preflight = await explorerStatsRoute.OPTIONS(
      new (await import('next/server')).NextRequest('http://127.0.0.1:3002/api/explorer/stats', {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Admin-Key/);
    const allowed = await call(explorerStatsRoute.GET, '/api/explorer/stats', { headers: { origin: 'http://localhost:3002' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3002');
    expect(allowed.headers.get('ratelimit-limit')).toBe('1000');
  });
});

describe('writes (json-primary)', () => {
  it('create, status, update and delete go to the legacy file and PostgreSQL, audited as the legacy API', async () => {
    const created = await call(assetRoute.POST, '/api/admin/assets', {
      method: 'POST',
      headers: ADMIN,
      json: { type: 'interest', title: 'Siwa Date Palms', softCap: 100 },
    });
    expect(created.status).toBe(201);
    const asset = assetWriteBody.parse(created.body).asset;
    const id = String(asset.id);
    expect(opportunities().at(-1)).toMatchObject({ id, type: 'interest', title: 'Siwa Date Palms', status: 'draft', softCap: 100 });
    const listed = assetListBody.parse((await call(assetRoute.GET, '/api/admin/assets?search=siwa%20date', { headers: ADMIN })).body);
    expect(listed.assets.map((item) => item.id)).toContain(id);

    const status = await call(assetStatusRoute.PUT, `/api/admin/assets/${id}/status`, {
      method: 'PUT',
      headers: ADMIN,
      json: { status: 'Published' },
      params: { id },
    });
    expect(status).toMatchObject({ status: 200, body: { asset: { status: 'active', lifecycleStatus: 'active' } } });
    await call(assetByIdRoute.PUT, `/api/admin/assets/${id}`, {
      method: 'PUT',
      headers: ADMIN,
      json: { title: 'Siwa Date Palms II', id: 'hijack' },
      params: { id },
    });
    expect(opportunities().find((item) => item.id === id)).toMatchObject({ title: 'Siwa Date Palms II', status: 'active' });

    expect((await call(assetByIdRoute.DELETE, `/api/admin/assets/${id}`, { method: 'DELETE', headers: ADMIN, params: { id } })).body).toEqual({
      success: true,
      message: 'Asset deleted',
      id,
    });
    expect(opportunities().some((item) => item.id === id)).toBe(false);
    const [row] = await orm.em.fork().execute<Array<{ n: string }>>(`SELECT count(*) AS n FROM assets WHERE legacy_key = ?`, [id]);
    expect(Number(row.n)).toBe(0);
    const writes = await orm.em
      .fork()
      .execute<Array<{ source: string }>>(`SELECT source FROM audit_trail WHERE action = 'LEGACY_WRITE' AND table_name = 'assets' ORDER BY seq DESC LIMIT 4`);
    expect(writes.map((write) => write.source)).toEqual(['legacy-api', 'legacy-api', 'legacy-api', 'legacy-api']);
  });

  it('upgrade-user-tier sets the tier in identity-map.json and the wallet directory, looked up by phone number', async () => {
    const response = await call(upgradeTierRoute.POST, '/api/admin/upgrade-user-tier', {
      method: 'POST',
      headers: ADMIN,
      json: { phoneNumber: '+1234567890', tier: 4 },
    });
    expect(response).toMatchObject({ status: 200, body: { success: true, tier: 4, identityHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) } });
    const identityHash = response.body.identityHash as string;
    const map = JSON.parse(readFileSync(path.join(dir, 'explorer-data/identity-map.json'), 'utf8')) as Record<string, { tier: number }>;
    expect(map[identityHash].tier).toBe(4);
    const [row] = await orm.em.fork().execute<Array<{ tier: number }>>(`SELECT tier FROM identity_map WHERE legacy_key = ?`, [identityHash]);
    expect(row.tier).toBe(4);
    expect(
      await call(upgradeTierRoute.POST, '/api/admin/upgrade-user-tier', { method: 'POST', headers: ADMIN, json: { phoneNumber: '+201099999999', tier: 1 } }),
    ).toMatchObject({
      status: 404,
      body: { error: 'User not found' },
    });
  });
});

describe('uploads', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

  it('a KYC document is stored as uploads/kyc/{identityHash}_{docType}_{ms}.{ext}, listed in metadata.json, then reviewed', async () => {
    const form = new FormData();
    form.set('phoneNumber', '+1234567890');
    form.set('documentType', 'income');
    form.set('document', new Blob([PDF], { type: 'application/pdf' }), 'Payslip March.pdf');
    const upload = await call(kycUploadRoute.POST, '/api/kyc/upload-document', { method: 'POST', body: form });
    expect(upload.status).toBe(201);
    const { document } = upload.body as { document: { id: string; path: string } };
    expect(upload.body).not.toHaveProperty('identityHash');
    const identityHash = identityHashOf('+1234567890');
    expect(document.id).toMatch(new RegExp(`^${identityHash}_income_\\d+\\.pdf$`));
    expect(readFileSync(path.join(dir, document.path)).equals(PDF)).toBe(true);
    const metadata = JSON.parse(readFileSync(path.join(dir, 'uploads/kyc/metadata.json'), 'utf8')) as Record<string, { documents: Record<string, unknown> }>;
    expect(metadata[identityHash].documents.income).toEqual(document);

    const verified = await call(kycVerifyRoute.POST, '/api/kyc/verify-documents', {
      method: 'POST',
      headers: ADMIN,
      json: { phoneNumber: '+1234567890', documentType: 'income', status: 'verified' },
    });
    expect(verified).toMatchObject({ status: 200, body: { status: 'verified', verifiedAt: expect.any(String) } });
    const [row] = await orm.em.fork().execute<Array<{ status: string }>>(`SELECT status FROM kyc_applications WHERE legacy_key = ?`, [identityHash]);
    expect(row.status).toBe('verified');
  });

  it('an asset document lands in uploads/documents and is audited with its SHA-256', async () => {
    const form = new FormData();
    form.set('document', new Blob([PDF], { type: 'application/pdf' }), 'SPV agreement.pdf');
    const upload = await call(uploadDocumentRoute.POST, '/api/admin/assets/upload-document', { method: 'POST', headers: ADMIN, body: form });
    expect(upload).toMatchObject({ status: 201, body: { legalDocument: { name: 'SPV agreement.pdf', type: 'application/pdf', size: PDF.length } } });
    const url = upload.body.url as string;
    expect(readFileSync(path.join(dir, url)).equals(PDF)).toBe(true);
    const [audit] = await orm.em.fork().execute<Array<{ action: string; source: string }>>(`SELECT action, source FROM audit_trail WHERE record_id = ?`, [url]);
    expect(audit).toEqual({ action: 'ASSET_DOC_UPLOADED', source: 'legacy-api' });
  });
});

describe('PostgreSQL unreachable', () => {
  it('reads answer from the legacy files with databaseConnected: false; writes answer 503 and change nothing', async () => {
    // The probe's state says "down" for the next hour: the same answer a dead port gives (the e2e suite uses a real one).
    const state = probe.__pendDbProbe!;
    const saved = { ...state };
    Object.assign(state, { reachable: false, checkedAt: Date.now() + 3_600_000 });
    try {
      const stats = await call(explorerStatsRoute.GET, '/api/explorer/stats');
      expect(stats.headers.get('x-data-source')).toBe('legacy-files');
      const live = JSON.parse(readFileSync(path.join(dir, 'explorer-data/live-stats.json'), 'utf8')) as Record<string, unknown>;
      expect(explorerStatsBody.parse(stats.body)).toMatchObject({ ...live, databaseConnected: false });
      const before = readFileSync(path.join(dir, 'admin-pool-tiers.json'));
      const write = await call(poolTiersRoute.POST, '/api/admin/pool-tiers', {
        method: 'POST',
        headers: ADMIN,
        json: { poolId: 'gold-vault', requiredTier: 1 },
      });
      expect(write).toMatchObject({ status: 503, body: { error: expect.stringMatching(/Database unavailable/) } });
      expect(readFileSync(path.join(dir, 'admin-pool-tiers.json')).equals(before)).toBe(true);
    } finally {
      Object.assign(state, saved);
    }
  });
});
