import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '@/lib/migration/backup';
import { storeHashing } from '@/lib/migration/managed-storage';
import { writeFileAtomically } from '@/lib/storage/legacy-file-lock';
import { PRIVATE_FILE_MODE } from './private-files';

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('files holding secrets or personal data', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-private-'));
  const source = path.join(root, 'legacy');
  mkdirSync(source);
  writeFileSync(path.join(source, 'users.json'), '{"+15551234567":{}}', { mode: 0o644 });

  it('managed storage writes 0600 files in 0700 folders', async () => {
    const storage = path.join(root, 'storage');
    const stored = await storeHashing(path.join(source, 'users.json'), storage);
    const file = path.join(storage, stored.storagePath);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(storage)).toBe(0o700);
  });

  it('a backup archive and its manifest are 0600 in a 0700 folder', async () => {
    const backups = path.join(root, 'backups');
    const manifest = await createBackup(source, backups, 'before-run');
    expect(mode(backups)).toBe(0o700);
    expect(mode(manifest.archive)).toBe(0o600);
    expect(mode(path.join(backups, 'before-run.manifest.json'))).toBe(0o600);
  });

  it('an upload written with the private mode is 0600', async () => {
    const upload = path.join(root, 'upload.png');
    await writeFileAtomically(upload, Buffer.from('png'), PRIVATE_FILE_MODE);
    expect(mode(upload)).toBe(0o600);
  });
});
