import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_KEY, ADMIN_USER } from './fixtures/legacy-app';
import { queryLegacyDb } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { identityHashOf } from '../../lib/legacy-api/phone';

const admin = { 'X-Admin-Key': ADMIN_KEY };
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const readJson = <T>(dir: string, file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;

test.describe('[LEGACY API][WRITES]: json-primary writes land in the legacy file, then PostgreSQL, audited as the legacy API', () => {
  test('an asset goes through create, approve, publish, status, update and delete', async ({ api, legacy }) => {
    const created = await api.post('/api/admin/assets', {
      headers: admin,
      data: { type: 'investment', title: 'Luxor Greenhouses', minimumInvestment: 500, expectedROI: 14 },
    });
    expect(created.status()).toBe(201);
    const { asset } = await created.json();
    const id = String(asset.id);
    const stored = () =>
      readJson<{ opportunities: Array<Record<string, unknown>> }>(legacy.dataDir, 'admin-opportunities.json').opportunities.find((item) => item.id === id);
    expect(stored()).toMatchObject({ title: 'Luxor Greenhouses', status: 'draft', minimumInvestment: 500, totalInvested: 0 });

    expect((await (await api.put(`/api/admin/assets/${id}/approve`, { headers: admin })).json()).asset.status).toBe('approved');
    expect((await (await api.put(`/api/admin/assets/${id}/publish`, { headers: admin })).json()).asset.lifecycleStatus).toBe('active');
    expect(stored()?.status).toBe('published');
    expect((await (await api.put(`/api/admin/assets/${id}/status`, { headers: admin, data: { status: 'inactive' } })).json()).asset.status).toBe('paused');
    expect((await api.put(`/api/admin/assets/${id}`, { headers: admin, data: { title: 'Luxor Greenhouses II' } })).status()).toBe(200);
    expect((await (await api.get(`/api/admin/assets/${id}`, { headers: admin })).json()).asset).toMatchObject({
      title: 'Luxor Greenhouses II',
      status: 'paused',
      roiRange: '14%',
    });
    const [row] = await queryLegacyDb<{ title: string; status: string }>(legacy.databaseUrl, `SELECT title, status FROM assets WHERE legacy_key = $1`, [id]);
    expect(row).toEqual({ title: 'Luxor Greenhouses II', status: 'paused' });

    expect((await api.delete(`/api/admin/assets/${id}`, { headers: admin })).status()).toBe(200);
    expect(stored()).toBeUndefined();
    expect((await api.get(`/api/admin/assets/${id}`, { headers: admin })).status()).toBe(404);
    const audited = await queryLegacyDb<{ n: string }>(
      legacy.databaseUrl,
      `SELECT count(*) AS n FROM audit_trail WHERE action = 'LEGACY_WRITE' AND table_name = 'assets' AND source = 'legacy-api'`,
    );
    expect(Number(audited[0].n)).toBeGreaterThanOrEqual(6);
  });

  test('a pool tier change is in admin-pool-tiers.json, the API, PostgreSQL and the audit screen', async ({ api, legacy, page, legacyApp }) => {
    const response = await api.post('/api/admin/pool-tiers', { headers: admin, data: { poolId: 'gold-vault', requiredTier: 4 } });
    expect(await response.json()).toMatchObject({ success: true, poolId: 'gold-vault', requiredTier: 4 });
    expect(readJson<Record<string, number>>(legacy.dataDir, 'admin-pool-tiers.json')['gold-vault']).toBe(4);
    expect((await (await api.get('/api/admin/pool-tiers', { headers: admin })).json()).poolTiers['gold-vault']).toBe(4);
    expect(await queryLegacyDb(legacy.databaseUrl, `SELECT min_tier FROM pool_tiers WHERE pool_id = 'gold-vault'`)).toEqual([{ min_tier: 4 }]);

    await page.goto(`${legacyApp.baseURL}/login`);
    await page.getByLabel('Email').fill(ADMIN_USER.email);
    await page.getByLabel('Password').fill(ADMIN_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto(`${legacyApp.baseURL}/audit?action=LEGACY_WRITE&table=pool_tiers`);
    await expect(page.getByTestId('audit-grid').locator('tbody tr').first()).toContainText('legacy-api');
  });

  test('a KYC document upload writes the file and its metadata entry; the review decision follows', async ({ api, legacy }) => {
    const upload = await api.post('/api/kyc/upload-document', {
      multipart: { phoneNumber: '+1234567890', documentType: 'bank', document: { name: 'statement.png', mimeType: 'image/png', buffer: PNG } },
    });
    expect(upload.status(), await upload.text()).toBe(201);
    // Privacy wins over the legacy contract (decision 052): a caller without the key gets no identity hash.
    const uploaded = await upload.json();
    expect(uploaded).not.toHaveProperty('identityHash');
    const { document } = uploaded;
    const identityHash = identityHashOf('+1234567890');
    expect(document.id).toMatch(new RegExp(`^${identityHash}_bank_\\d+\\.png$`));
    expect(readFileSync(path.join(legacy.dataDir, 'uploads/kyc', document.id)).equals(PNG)).toBe(true);
    const metadata = readJson<Record<string, { documents: Record<string, unknown> }>>(legacy.dataDir, 'uploads/kyc/metadata.json');
    expect(metadata[identityHash].documents.bank).toEqual(document);

    expect((await api.get('/api/kyc/documents/+1234567890')).status(), 'document ids embed the identity hash: admin key only').toBe(401);
    const documents = await (await api.get('/api/kyc/documents/+1234567890', { headers: admin })).json();
    expect(documents).toMatchObject({ documents: { bank: document } });

    const verify = await api.post('/api/kyc/verify-documents', {
      headers: admin,
      data: { phoneNumber: '+1234567890', documentType: 'bank', status: 'rejected', reason: 'Statement older than 3 months' },
    });
    expect(await verify.json()).toMatchObject({ success: true, status: 'rejected' });
    const reviewed = readJson<Record<string, Record<string, unknown>>>(legacy.dataDir, 'uploads/kyc/metadata.json')[identityHash];
    expect(reviewed).toMatchObject({ verificationStatus: 'rejected', rejectionReason: 'Statement older than 3 months' });
    expect(
      (await queryLegacyDb<{ status: string }>(legacy.databaseUrl, `SELECT status FROM kyc_applications WHERE legacy_key = $1`, [identityHash]))[0].status,
    ).toBe('rejected');
  });

  test('asset image and document uploads are stored in the legacy folder', async ({ api, legacy }) => {
    const image = await (
      await api.post('/api/admin/assets/upload-image', { headers: admin, multipart: { image: { name: 'farm.png', mimeType: 'image/png', buffer: PNG } } })
    ).json();
    expect(existsSync(path.join(legacy.dataDir, image.imageUrl))).toBe(true);
    const pdf = await (
      await api.post('/api/admin/assets/upload', {
        headers: admin,
        multipart: { file: { name: 'SPV agreement.pdf', mimeType: 'application/pdf', buffer: PDF } },
      })
    ).json();
    expect(pdf.legalDocument).toMatchObject({ name: 'SPV agreement.pdf', type: 'application/pdf', size: PDF.length });
    expect(readFileSync(path.join(legacy.dataDir, pdf.url)).equals(PDF)).toBe(true);
  });

  test('tier changes by phone (upgrade-user-tier) and by id (PUT /api/users/:id/tier)', async ({ api, legacy }) => {
    const upgraded = await (await api.post('/api/admin/upgrade-user-tier', { headers: admin, data: { phoneNumber: '+1555123456', tier: 3 } })).json();
    expect(upgraded).toMatchObject({ success: true, tier: 3 });
    expect(readJson<Record<string, { tier: number }>>(legacy.dataDir, 'explorer-data/identity-map.json')[upgraded.identityHash].tier).toBe(3);
    const put = await api.put(`/api/users/${upgraded.identityHash}/tier`, { headers: admin, data: { tier: 5 } });
    expect(await put.json()).toEqual({ success: true, message: 'User tier updated successfully' });
    expect((await (await api.get(`/api/users/${upgraded.identityHash}`, { headers: admin })).json()).user.tier).toBe(5);
    const invalid = await api.put(`/api/users/${upgraded.identityHash}/tier`, { headers: admin, data: { tier: -1 } });
    expect([invalid.status(), await invalid.json()]).toEqual([400, { error: 'Invalid tier level' }]);
  });
});
