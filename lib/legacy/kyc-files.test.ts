import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './canonical-json';
import { inspectKycFiles } from './kyc-files';
import { kycMetadataSource } from './sources';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'legacy-kyc-'));
  mkdirSync(path.join(dir, 'uploads/kyc'), { recursive: true });
  writeFileSync(path.join(dir, 'uploads/kyc/a_id_1.jpg'), 'jpeg bytes');
  writeFileSync(path.join(dir, 'uploads/kyc/a_utility_2.pdf'), 'pdf');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside uploads');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'uploads/kyc/c_id_4.png'));
  mkdirSync(path.join(dir, 'volume'));
  writeFileSync(path.join(dir, 'volume/d_id_5.jpg'), 'on another volume');
  symlinkSync(path.join(dir, 'volume'), path.join(dir, 'uploads/kyc/linked'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metadata = {
  '0xa': {
    verificationStatus: 'pending',
    documents: {
      id: { id: 'a_id_1.jpg', path: 'uploads/kyc/a_id_1.jpg', size: 10 },
      utility: { id: 'a_utility_2.pdf', path: './uploads/kyc/a_utility_2.pdf', size: 4000 },
      bank: { id: 'a_bank_3.pdf', path: 'uploads/kyc/a_bank_3.pdf', size: 12 },
    },
  },
  '0xb': {
    documents: {
      passport: { id: 'x.png', path: '/srv/pend/server/uploads/kyc/a_id_1.jpg' },
      income: { path: '../secret.txt' },
      national_id: { originalName: 'scan.pdf' },
      selfie: 'not an object',
    },
  },
  '0xc': {
    documents: {
      id: { id: 'c_id_4.png', path: 'uploads/kyc/c_id_4.png' },
      passport: { id: 'd_id_5.jpg', path: 'uploads/kyc/linked/d_id_5.jpg' },
    },
  },
};

describe('KYC documents', () => {
  const records = kycMetadataSource.parse(Buffer.from(JSON.stringify(metadata))).records;

  it('lists one document per type with its file below the data folder and the recorded size', () => {
    expect(records.flatMap(kycMetadataSource.documentsOf)).toEqual([
      { key: 'a_id_1.jpg', applicationKey: '0xa', docType: 'id', relativePath: 'uploads/kyc/a_id_1.jpg', expectedSize: 10 },
      { key: 'a_utility_2.pdf', applicationKey: '0xa', docType: 'utility', relativePath: 'uploads/kyc/a_utility_2.pdf', expectedSize: 4000 },
      { key: 'a_bank_3.pdf', applicationKey: '0xa', docType: 'bank', relativePath: 'uploads/kyc/a_bank_3.pdf', expectedSize: 12 },
      // An absolute path or one that climbs out is taken by its file name inside uploads/kyc.
      { key: 'x.png', applicationKey: '0xb', docType: 'passport', relativePath: 'uploads/kyc/a_id_1.jpg', expectedSize: null },
      { key: '0xb/documents/income', applicationKey: '0xb', docType: 'income', relativePath: 'uploads/kyc/secret.txt', expectedSize: null },
      { key: '0xb/documents/national_id', applicationKey: '0xb', docType: 'national_id', relativePath: null, expectedSize: null },
      { key: 'c_id_4.png', applicationKey: '0xc', docType: 'id', relativePath: 'uploads/kyc/c_id_4.png', expectedSize: null },
      { key: 'd_id_5.jpg', applicationKey: '0xc', docType: 'passport', relativePath: 'uploads/kyc/linked/d_id_5.jpg', expectedSize: null },
    ]);
  });

  it('reports existence, size, hash and whether the size matches', async () => {
    const checks = await inspectKycFiles(dir, records);
    expect(checks.map(({ key, exists, sizeBytes, sizeMatches }) => ({ key, exists, sizeBytes, sizeMatches }))).toEqual([
      { key: 'a_id_1.jpg', exists: true, sizeBytes: 10, sizeMatches: true },
      { key: 'a_utility_2.pdf', exists: true, sizeBytes: 3, sizeMatches: false },
      { key: 'a_bank_3.pdf', exists: false, sizeBytes: null, sizeMatches: null },
      { key: 'x.png', exists: true, sizeBytes: 10, sizeMatches: null },
      { key: '0xb/documents/income', exists: false, sizeBytes: null, sizeMatches: null },
      { key: '0xb/documents/national_id', exists: false, sizeBytes: null, sizeMatches: null },
      // A document that is a symbolic link is never read (it could point anywhere); a linked folder is followed.
      { key: 'c_id_4.png', exists: false, sizeBytes: null, sizeMatches: null },
      { key: 'd_id_5.jpg', exists: true, sizeBytes: 17, sizeMatches: null },
    ]);
    expect(checks[0].sha256).toBe(sha256Hex('jpeg bytes'));
    expect(checks[2].sha256).toBeNull();
  });
});
