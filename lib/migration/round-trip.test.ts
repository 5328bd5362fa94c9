import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { loadLegacySource } from './read-legacy-source';
import { runExport } from './run-export';
import { runImport } from './run-import';

const context = { source: 'cli' as const, actorLabel: 'vitest' };
let orm: MikroORM;
let root: string;

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-round-trip-'));
});

const storageDir = () => path.join(root, 'kyc-storage');
const importFolder = async (sourceDir: string) =>
  runImport(await ownerEm(), { sourceDir, backupDir: path.join(root, 'backups'), storageDir: storageDir(), context });

/** Import → every source validated → export → every file byte-identical and the same root hashes. */
async function expectRoundTrip(scale: 'small' | 'medium', seed: number) {
  const { dir, expected } = generateLegacyFolder(root, scale, seed);
  const imported = await importFolder(dir);
  for (const report of imported.sources) {
    expect(report.state, `${report.source}: ${report.error ?? ''}`).toBe('validated');
    expect(report.dbRootHash, report.source).toBe(report.rootHash);
    expect(report.anomalies, `${report.source} anomalies`).toEqual(expected.sources[report.relativePath].anomalies);
  }

  const out = path.join(root, `${scale}-${seed}-export`);
  await runExport(orm.em.fork(), { targetDir: out, storageDir: storageDir(), context });
  for (const source of LEGACY_SOURCES) {
    const original = (await loadLegacySource(dir, source)).rootHash;
    expect((await loadLegacySource(out, source)).rootHash, `${source.id} root hash after export`).toBe(original);
    expect(readFileSync(path.join(out, source.relativePath)).equals(readFileSync(path.join(dir, source.relativePath))), `${source.relativePath} bytes`).toBe(
      true,
    );
  }
  const kycFiles = expected.sources['uploads/kyc/metadata.json'];
  expect(kycFiles.records).toBeGreaterThan(0);

  const reimported = await importFolder(out);
  expect(reimported.sources.map((report) => [report.source, report.state, report.rootHash])).toEqual(
    imported.sources.map((report) => [report.source, 'validated', report.rootHash]),
  );
}

describe('migrate → verify → legacy:export → migrate', () => {
  it('round-trips legacy-gen small (seed 1) losslessly and reports exactly the planted anomalies', () => expectRoundTrip('small', 1), 60_000);
  it('round-trips legacy-gen medium (seed 1)', () => expectRoundTrip('medium', 1), 180_000);
  it.each([11, 23, 37, 58])('round-trips a random small folder (seed %i)', (seed) => expectRoundTrip('small', seed), 60_000);
});
