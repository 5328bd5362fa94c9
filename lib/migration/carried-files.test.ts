import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { runExport } from './run-export';
import { runImport } from './run-import';
import { runVerify } from './run-verify';

const context = { source: 'cli' as const, actorLabel: 'vitest' };
let orm: MikroORM;
let root: string;
let dir: string;

const storageDir = () => path.join(root, 'kyc-storage');
const importFolder = async (options: { only?: Array<'live-stats'> } = {}) =>
  runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: storageDir(), context, ...options });

// Files holding data that no source reads, and things that must never be carried.
const CARRIED = {
  'credentials-db.json': '{"0xabc":{"credentialID":"cred-1","publicKey":"pk","counter":3}}\n',
  'explorer-data/data-backup.json': '{"snapshot":[1,2,3]}',
  'uploads/kyc/0xstray_id_1700000000000.jpg': 'an upload no metadata entry lists',
};

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-carried-'));
  dir = generateLegacyFolder(root, 'small', 17).dir;
  for (const [relativePath, text] of Object.entries(CARRIED)) writeFileSync(path.join(dir, relativePath), text);
  writeFileSync(path.join(root, 'outside.txt'), 'never read');
  symlinkSync(path.join(root, 'outside.txt'), path.join(dir, 'uploads/kyc/link_1.png'));
  writeFileSync(path.join(dir, 'uploads/kyc/metadata.json.lock'), '');
  writeFileSync(path.join(dir, 'explorer-data/live-stats.json.tmp'), '{}');
  writeFileSync(path.join(dir, 'package.json'), '{"name":"pend-server"}');
  writeFileSync(path.join(dir, 'unknown-db.json'), '{"kept":"only by the backup"}');
});

describe('files no table models', () => {
  it('are carried byte for byte by a full run and written back by the rollback; links, lock and temporary files are not; unknown top-level JSON is named', async () => {
    const imported = await importFolder();
    expect(imported.state).toBe('validated');
    expect(imported.carriedFiles).toEqual({
      files: 3,
      bytes: Object.values(CARRIED).reduce((sum, text) => sum + Buffer.byteLength(text), 0),
      mismatched: [],
      notCarried: ['unknown-db.json'],
      error: null,
    });
    const rows = await orm.em.fork().execute(`SELECT relative_path, reason FROM legacy_carried_files ORDER BY relative_path`);
    expect(rows).toEqual([
      { relative_path: 'credentials-db.json', reason: 'unmodelled-file' },
      { relative_path: 'explorer-data/data-backup.json', reason: 'unmodelled-file' },
      { relative_path: 'uploads/kyc/0xstray_id_1700000000000.jpg', reason: 'unreferenced-upload' },
    ]);

    const out = path.join(root, 'rollback');
    const exported = await runExport(orm.em.fork(), { targetDir: out, storageDir: storageDir(), context });
    expect(exported.carriedFiles).toBe(3);
    for (const relativePath of Object.keys(CARRIED)) {
      expect(readFileSync(path.join(out, relativePath)).equals(readFileSync(path.join(dir, relativePath))), relativePath).toBe(true);
    }
    expect(existsSync(path.join(out, 'uploads/kyc/link_1.png'))).toBe(false);
    expect(existsSync(path.join(out, 'uploads/kyc/metadata.json.lock'))).toBe(false);
  });

  it('are not touched by a run limited to some sources, and are forgotten by a full run once gone from the folder', async () => {
    await importFolder();
    rmSync(path.join(dir, 'explorer-data/data-backup.json'));
    expect((await importFolder({ only: ['live-stats'] })).carriedFiles).toBeNull();
    expect(await orm.em.fork().execute(`SELECT count(*)::int AS n FROM legacy_carried_files`)).toEqual([{ n: 3 }]);

    expect((await importFolder()).carriedFiles).toMatchObject({ files: 2, mismatched: [] });
    const rows = await orm.em.fork().execute(`SELECT relative_path FROM legacy_carried_files ORDER BY relative_path`);
    expect(rows.map((row) => row.relative_path)).toEqual(['credentials-db.json', 'uploads/kyc/0xstray_id_1700000000000.jpg']);
  });

  it('make a verify run mismatched, naming the file, when a stored copy lost its bytes; the next import heals the copy', async () => {
    await importFolder();
    const [{ storage_path: storagePath }] = await orm.em
      .fork()
      .execute(`SELECT storage_path FROM legacy_carried_files WHERE relative_path = 'credentials-db.json'`);
    const stored = path.join(storageDir(), storagePath);
    const bytes = readFileSync(stored);
    writeFileSync(stored, Buffer.from(bytes.toString('utf8').replace('cred-1', 'cred-X')));

    const verified = await runVerify(orm.em.fork(), { sourceDir: dir, storageDir: storageDir(), context });
    expect(verified.state).toBe('mismatched');
    expect(verified.carriedFiles).toMatchObject({ mismatched: ['credentials-db.json'], error: null });

    expect((await importFolder()).state).toBe('validated');
    expect(readFileSync(stored).equals(bytes)).toBe(true);
    expect((await runVerify(orm.em.fork(), { sourceDir: dir, storageDir: storageDir(), context })).state).toBe('validated');
  });

  it('make a verify run mismatched when a carried file changed in the legacy folder since the import', async () => {
    await importFolder();
    writeFileSync(path.join(dir, 'credentials-db.json'), '{"0xabc":{"credentialID":"cred-2","publicKey":"pk","counter":4}}\n');
    const verified = await runVerify(orm.em.fork(), { sourceDir: dir, storageDir: storageDir(), context });
    expect(verified.carriedFiles.mismatched).toEqual(['credentials-db.json']);
    writeFileSync(path.join(dir, 'credentials-db.json'), CARRIED['credentials-db.json']);
  });
});
