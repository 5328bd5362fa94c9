import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/actor';
import { copyHashed, hashStoredFile } from '@/lib/migration/managed-storage';
import { exportKycDocuments, type ExportableKycDocument } from '@/lib/migration/kyc-documents';
import { runImport } from '@/lib/migration/run-import';
import { SealedFileError } from '@/lib/migration/sealed-files';
import { useTestOrm } from '@/lib/testing/test-orm';
import { checkDocumentIntegrity, chooseAccessReason, readDocumentForViewer } from './kyc-documents.service';
import { findKycDocuments } from './kyc.repository';

// env() is parsed once: sealing on and its own storage folder, before anything reads them. The PII
// keyring is the environment's (or the generated development one), as other files in this worker use it.
const paths = vi.hoisted(() => {
  const root = `${process.env.TMPDIR ?? '/tmp'}/pend-kyc-sealing-${process.pid}-${Date.now()}`;
  process.env.KYC_STORAGE_DIR = `${root}/kyc-storage`;
  process.env.KYC_DOCUMENT_ENCRYPTION = 'true';
  return { root };
});

const context = { source: 'admin-ui' as const, actorLabel: 'vitest-kyc-sealing' };
const JPEG_MAGIC = Buffer.from('ffd8ffe0', 'hex');
const identityHash = `0x${createHash('sha256').update('kyc-sealing').digest('hex')}`;
// A JPEG-looking file larger than one stream chunk (64 KiB), so the cipher really runs over several chunks.
const jpeg = Buffer.concat([JPEG_MAGIC, Buffer.from('JFIF\0'), randomBytes(300_000), Buffer.from('ffd9', 'hex')]);
const storedName = `${identityHash}_id_1735689600000.jpg`;
let app: MikroORM;
let owner: MikroORM;
let dir: string;
let reviewer: Actor;

beforeAll(async () => {
  app = await useTestOrm('app');
  owner = await useTestOrm('owner');
  dir = path.join(paths.root, 'legacy');
  const uploads = path.join(dir, 'uploads', 'kyc');
  mkdirSync(uploads, { recursive: true });
  writeFileSync(path.join(uploads, storedName), jpeg);
  const at = '2025-01-01T00:00:00.000Z';
  const metadata = {
    [identityHash]: {
      verificationStatus: 'pending',
      lastUpdated: at,
      verifiedAt: null,
      rejectionReason: null,
      documents: {
        id: { id: storedName, originalName: 'id.jpg', path: `uploads/kyc/${storedName}`, size: jpeg.length, mimeType: 'image/jpeg', uploadedAt: at },
      },
    },
  };
  writeFileSync(path.join(uploads, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
  await runImport(app.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(paths.root, 'backups'),
    storageDir: process.env.KYC_STORAGE_DIR!,
    context,
    only: ['kyc-metadata'],
  });
  const email = `sealing-${crypto.randomUUID().slice(0, 8)}@test.pend`;
  const [row] = await owner.em
    .fork()
    .execute<Array<{ id: string }>>(`INSERT INTO admin_users (email, name, role, password_hash) VALUES (?, 'sealing', 'kyc_verifier', 'x') RETURNING id`, [
      email,
    ]);
  reviewer = { id: row.id, email, name: 'sealing', role: 'kyc_verifier' };
});

afterAll(async () => {
  await owner.em.fork().execute(`DELETE FROM kyc_case_access WHERE application_key = ?`, [identityHash]);
});

async function storedDocument() {
  const [document] = await findKycDocuments(app.em.fork(), identityHash);
  return { document, file: path.join(process.env.KYC_STORAGE_DIR!, document.storage_path!) };
}

const read = async () => {
  const { document } = await storedDocument();
  const claims = { documentId: document.id, viewerId: reviewer.id, expires: 0, disposition: 'inline' as const };
  return app.em.fork().transactional((tx) => readDocumentForViewer(tx, reviewer, claims, { ...context, actorId: reviewer.id, actorLabel: reviewer.email }));
};

describe('KYC document files sealed at rest (KYC_DOCUMENT_ENCRYPTION)', () => {
  it('stores the file encrypted (no JPEG magic, no plaintext run) while the record keeps the plaintext SHA-256 and size', async () => {
    const { document, file } = await storedDocument();
    const onDisk = readFileSync(file);
    expect(onDisk.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC)).toBe(false);
    expect(onDisk.subarray(0, 8).toString('latin1')).toBe('PENDSEAL');
    expect(onDisk.includes(jpeg.subarray(1000, 1064))).toBe(false);
    expect(document.sha256).toBe(createHash('sha256').update(jpeg).digest('hex'));
    expect(document.actual_size).toBe(jpeg.length);
    expect(await hashStoredFile(file)).toEqual({ sha256: document.sha256, size: jpeg.length });
    expect(await checkDocumentIntegrity(document)).toEqual({ state: 'intact' });
  });

  it('serves the plaintext to the signed-link viewer and writes it back byte-identical on rollback', async () => {
    await app.em.fork().transactional((tx) => chooseAccessReason(tx, reviewer, { identityHash, reason: 'initial_review' }));
    const served = await read();
    expect(served.bytes.equals(jpeg)).toBe(true);
    expect(served.mimeType).toBe('image/jpeg');

    // The rollback's KYC file step (runExport → exportStoredKycDocuments), over this application's rows:
    // other files in this worker's database hold documents whose files live in their own folders.
    const target = path.join(paths.root, 'rollback');
    const documents = await app.em.fork().execute<ExportableKycDocument[]>(
      `SELECT legacy_key AS "legacyKey", stored_filename AS "storedFilename", relative_path AS "relativePath", sha256,
                storage_path AS "storagePath", status
           FROM kyc_documents WHERE identity_hash = ?`,
      [identityHash],
    );
    const exported = await exportKycDocuments({ storageDir: process.env.KYC_STORAGE_DIR!, targetDir: target, documents });
    expect(exported.written).toEqual([`uploads/kyc/${storedName}`]);
    expect(readFileSync(path.join(target, 'uploads', 'kyc', storedName)).equals(jpeg)).toBe(true);
  });

  it('refuses a tampered ciphertext: integrity check, viewer and rollback copy', async () => {
    const { document, file } = await storedDocument();
    const original = readFileSync(file);
    const tampered = Buffer.from(original);
    tampered[200] ^= 0x01;
    writeFileSync(file, tampered);
    try {
      expect(await checkDocumentIntegrity(document)).toMatchObject({ state: 'differs' });
      await expect(read()).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(copyHashed(file, path.join(paths.root, 'tampered-copy'), { fromStorage: true })).rejects.toBeInstanceOf(SealedFileError);
    } finally {
      writeFileSync(file, original);
    }
    expect(await checkDocumentIntegrity(document)).toEqual({ state: 'intact' });
  });
});
