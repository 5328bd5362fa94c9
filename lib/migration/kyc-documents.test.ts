import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { kycMetadataSource } from '@/lib/legacy/sources';
import { generateLegacyFolder, type GeneratedFolder } from '@/lib/legacy/testing/legacy-gen';
import { useTestOrm } from '@/lib/testing/test-orm';
import { exportKycDocuments, importKycDocuments, KYC_DOCUMENT_COLUMNS, kycDocumentValues } from './kyc-documents';
import { storagePathOf } from './managed-storage';
import { kycMetadataMapping } from './mappings/kyc-metadata';
import { withPgClient } from './pg-client';
import { allColumns, encodeRecord } from './source-mapping';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-kyc-documents-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const generated = new Map<string, GeneratedFolder>();
function folder(scale: 'small' | 'medium', seed: number): GeneratedFolder {
  const name = `${scale}-${seed}`;
  if (!generated.has(name)) generated.set(name, generateLegacyFolder(root, scale, seed));
  return generated.get(name)!;
}

function readMetadata(dir: string): LegacyRecord[] {
  return kycMetadataSource.parse(readFileSync(path.join(dir, kycMetadataSource.relativePath))).records;
}

/** Every file below `dir`, as relative path → bytes. */
function filesBelow(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file).split(path.sep).join('/'), readFileSync(file));
  }
  return files;
}

describe.each([
  ['small', 1],
  ['small', 2],
  ['small', 3],
  ['medium', 1],
] as const)('KYC documents of legacy-gen %s seed %i', (scale, seed) => {
  it('are stored content-addressed, reported as the --expect file lists them, and exported byte-identical', { timeout: 120_000 }, async () => {
    const { dir, expected } = folder(scale, seed);
    const findings = expected.sources[kycMetadataSource.relativePath];
    const records = readMetadata(dir);
    const storageDir = path.join(root, `${scale}-${seed}-storage`);

    const imported = await importKycDocuments({ sourceDir: dir, storageDir, records });
    expect(imported.rows.length).toBe(findings.documents);
    const keysOf = (kind: string) => imported.problems.filter((problem) => problem.kind === kind).map((problem) => problem.key);
    expect(keysOf('missingFile')).toEqual(findings.anomalies.missingFile ?? []);
    expect(keysOf('sizeMismatch')).toEqual(findings.anomalies.sizeMismatch ?? []);
    expect(keysOf('unknownDocumentType')).toEqual([]);
    expect(imported.rows.filter((row) => row.status === 'missing').map((row) => row.legacyKey)).toEqual(findings.anomalies.missingFile ?? []);
    expect(imported.rows.filter((row) => row.status === 'size-mismatch').map((row) => row.legacyKey)).toEqual(findings.anomalies.sizeMismatch ?? []);

    for (const row of imported.rows) {
      expect(row.documentType, row.legacyKey).not.toBeNull();
      if (row.status === 'missing') {
        expect(row).toMatchObject({ sha256: null, storagePath: null, actualSize: null });
        continue;
      }
      expect(row.storagePath).toBe(`${row.sha256!.slice(0, 2)}/${row.sha256}`);
      const bytes = readFileSync(path.join(storageDir, row.storagePath!));
      expect(sha256Hex(bytes)).toBe(row.sha256);
      expect(bytes.length).toBe(row.actualSize);
      expect(bytes.equals(readFileSync(path.join(dir, row.relativePath!)))).toBe(true);
    }
    const distinct = new Set(imported.rows.flatMap((row) => (row.sha256 ? [row.sha256] : []))).size;
    expect(imported.copied).toBe(distinct);

    // A second run finds every file already stored.
    const again = await importKycDocuments({ sourceDir: dir, storageDir, records });
    expect(again.copied).toBe(0);
    expect(again.rows).toEqual(imported.rows);

    const targetDir = path.join(root, `${scale}-${seed}-rollback`);
    const exported = await exportKycDocuments({ storageDir, targetDir, documents: imported.rows });
    expect(exported.skipped.map((entry) => entry.key)).toEqual(findings.anomalies.missingFile ?? []);
    const source = filesBelow(path.join(dir, 'uploads/kyc'));
    source.delete('metadata.json');
    const target = filesBelow(path.join(targetDir, 'uploads/kyc'));
    expect([...target.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [name, bytes] of source) expect(target.get(name)!.equals(bytes), name).toBe(true);
  });
});

describe('KYC documents, edge cases', () => {
  let dir: string;
  let records: LegacyRecord[];

  beforeAll(() => {
    dir = path.join(root, 'edge');
    mkdirSync(path.join(dir, 'uploads/kyc'), { recursive: true });
    writeFileSync(path.join(dir, 'uploads/kyc/a_id_1.jpg'), 'jpeg bytes');
    writeFileSync(path.join(dir, 'uploads/kyc/a_utility_2.pdf'), 'pdf');
    writeFileSync(path.join(dir, 'uploads/kyc/b_selfie_3.png'), 'jpeg bytes');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside uploads');
    const metadata = {
      '0xa': {
        verificationStatus: 'pending',
        documents: {
          id: {
            id: 'a_id_1.jpg',
            originalName: 'card.jpg',
            path: 'uploads/kyc/a_id_1.jpg',
            size: 10,
            mimeType: 'image/jpeg',
            uploadedAt: '2025-01-02T03:04:05.678Z',
          },
          utility: { id: 'a_utility_2.pdf', path: './uploads/kyc/a_utility_2.pdf', size: 4000, uploadedAt: '2025-01-02' },
          bank: { id: 'a_bank_3.pdf', path: 'uploads/kyc/a_bank_3.pdf', size: 12 },
        },
      },
      '0xb': {
        verificationStatus: 'verified',
        documents: {
          selfie: { id: 'b_selfie_3.png', path: 'uploads/kyc/b_selfie_3.png' },
          passport: { id: 'x.png', path: '/srv/pend/server/uploads/kyc/a_id_1.jpg' },
          income: { path: '../secret.txt' },
        },
      },
    };
    records = kycMetadataSource.parse(Buffer.from(JSON.stringify(metadata))).records;
  });

  it('maps document types, keeps problem documents as rows and stores equal contents once', async () => {
    const storageDir = path.join(root, 'edge-storage');
    const { rows, problems, copied } = await importKycDocuments({ sourceDir: dir, storageDir, records });
    expect(
      rows.map(({ legacyKey, docTypeLegacy, documentType, status, legacySize, actualSize }) => ({
        legacyKey,
        docTypeLegacy,
        documentType,
        status,
        legacySize,
        actualSize,
      })),
    ).toEqual([
      { legacyKey: 'a_id_1.jpg', docTypeLegacy: 'id', documentType: 'national_id', status: 'stored', legacySize: 10, actualSize: 10 },
      { legacyKey: 'a_utility_2.pdf', docTypeLegacy: 'utility', documentType: 'utility_bill', status: 'size-mismatch', legacySize: 4000, actualSize: 3 },
      { legacyKey: 'a_bank_3.pdf', docTypeLegacy: 'bank', documentType: 'bank_statement', status: 'missing', legacySize: 12, actualSize: null },
      { legacyKey: 'b_selfie_3.png', docTypeLegacy: 'selfie', documentType: null, status: 'stored', legacySize: null, actualSize: 10 },
      // An absolute path is taken by its file name inside uploads/kyc; one that climbs out finds nothing there.
      { legacyKey: 'x.png', docTypeLegacy: 'passport', documentType: 'passport', status: 'stored', legacySize: null, actualSize: 10 },
      { legacyKey: '0xb/documents/income', docTypeLegacy: 'income', documentType: 'proof_of_income', status: 'missing', legacySize: null, actualSize: null },
    ]);
    expect(rows[0]).toMatchObject({
      identityHash: '0xa',
      storedFilename: 'a_id_1.jpg',
      originalFilename: 'card.jpg',
      mimeType: 'image/jpeg',
      uploadedAt: '2025-01-02T03:04:05.678Z',
    });
    expect(rows[1].uploadedAt).toBeNull();
    expect(rows[5]).toMatchObject({ storedFilename: null, relativePath: 'uploads/kyc/secret.txt' });
    expect(problems.map(({ kind, key }) => `${kind} ${key}`)).toEqual([
      'sizeMismatch a_utility_2.pdf',
      'missingFile a_bank_3.pdf',
      'unknownDocumentType b_selfie_3.png',
      'missingFile 0xb/documents/income',
    ]);
    // "jpeg bytes" is listed three times (two files, one of them twice) and stored once.
    expect(copied).toBe(2);
    expect(rows[0].storagePath).toBe(storagePathOf(sha256Hex('jpeg bytes')));
    expect(rows[3].storagePath).toBe(rows[0].storagePath);

    const targetDir = path.join(root, 'edge-rollback');
    const exported = await exportKycDocuments({ storageDir, targetDir, documents: rows });
    expect(exported.written).toEqual(['uploads/kyc/a_id_1.jpg', 'uploads/kyc/a_utility_2.pdf', 'uploads/kyc/b_selfie_3.png']);
    expect(exported.skipped.map((entry) => entry.key)).toEqual(['a_bank_3.pdf', '0xb/documents/income']);
    expect(readFileSync(path.join(targetDir, 'uploads/kyc/a_utility_2.pdf'), 'utf8')).toBe('pdf');
    expect(readdirSync(targetDir)).toEqual(['uploads']);
  });

  it('refuses to export a stored file whose bytes no longer match', async () => {
    const storageDir = path.join(root, 'edge-corrupt');
    const { rows } = await importKycDocuments({ sourceDir: dir, storageDir, records: records.slice(0, 1) });
    writeFileSync(path.join(storageDir, rows[1].storagePath!), 'PDF');
    await expect(exportKycDocuments({ storageDir, targetDir: path.join(root, 'edge-corrupt-out'), documents: [rows[1]] })).rejects.toThrow(/does not match/);
  });
});

describe('the kyc_documents table', () => {
  let orm: Awaited<ReturnType<typeof useTestOrm>>;
  beforeAll(async () => {
    orm = await useTestOrm('owner');
  });

  it('accepts the rows of legacy-gen small seed 1, linked to their applications', { timeout: 60_000 }, async () => {
    const { dir } = folder('small', 1);
    const records = readMetadata(dir);
    const { rows } = await importKycDocuments({ sourceDir: dir, storageDir: path.join(root, 'db-storage'), records });
    await withPgClient(orm.em.fork(), async (client) => {
      await client.query('BEGIN');
      try {
        await client.query('TRUNCATE kyc_applications CASCADE');
        // As the import does: the identities first, then the rows that reference them.
        await client.query(`INSERT INTO identities (identity_hash, in_kyc) SELECT unnest($1::text[]), true ON CONFLICT DO NOTHING`, [
          records.map((record) => record.key),
        ]);
        const columns = allColumns(kycMetadataMapping);
        for (const record of records) {
          const encoded = encodeRecord(kycMetadataMapping, record);
          if (encoded.kind !== 'row') throw new Error(encoded.reason);
          await client.query(
            `INSERT INTO kyc_applications (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
            encoded.values,
          );
        }
        for (const row of rows) {
          const values = kycDocumentValues(row);
          await client.query(
            `INSERT INTO kyc_documents (application_id, ${KYC_DOCUMENT_COLUMNS.join(', ')})
             SELECT a.id, ${values.map((_, index) => `$${index + 1}`).join(', ')} FROM kyc_applications a WHERE a.legacy_key = $1`,
            values,
          );
        }
        const counts = await client.query<{ status: string; count: string }>(`SELECT status, count(*) FROM kyc_documents GROUP BY status ORDER BY status`);
        expect(Object.fromEntries(counts.rows.map((entry) => [entry.status, Number(entry.count)]))).toEqual({
          missing: 1,
          'size-mismatch': 1,
          stored: rows.length - 2,
        });
        // A document outlives its application (quarantined, say), unlinked (decision 034).
        await client.query('DELETE FROM kyc_applications');
        const left = await client.query<{ count: string; linked: string }>('SELECT count(*), count(application_id) AS linked FROM kyc_documents');
        expect(left.rows[0]).toEqual({ count: String(rows.length), linked: '0' });
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });
});
