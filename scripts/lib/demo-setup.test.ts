import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasImportedData } from '@/lib/dashboard/has-imported-data';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { useFreshDatabase } from '@/lib/testing/fresh-database';
import { demoEnvironment, EXAMPLE_DIR, prepareDemoData, type DemoPaths } from './demo-setup';

type ExpectFile = { sources: Record<string, { records: number; documents: number; anomalies: Record<string, string[]> }> };
const expected = JSON.parse(readFileSync(path.join(EXAMPLE_DIR, '..', 'legacy-small.expect.json'), 'utf8')) as ExpectFile;

let orm: MikroORM;
let root: string;
let paths: DemoPaths;

beforeAll(async () => {
  ({ orm } = await useFreshDatabase('pend_admin_demo'));
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-demo-'));
  paths = { scratchDir: path.join(root, 'legacy'), storageDir: path.join(root, 'kyc-storage'), backupDir: path.join(root, 'backups') };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file below `dir` with its SHA-256, by relative path. */
function treeHashes(dir: string, prefix = ''): Record<string, string> {
  return Object.assign(
    {},
    ...readdirSync(path.join(dir, prefix)).map((name) => {
      const relative = path.join(prefix, name);
      const full = path.join(dir, relative);
      return statSync(full).isDirectory() ? treeHashes(dir, relative) : { [relative]: createHash('sha256').update(readFileSync(full)).digest('hex') };
    }),
  );
}

const importRuns = async () => (await orm.em.fork().execute(`SELECT count(*)::int AS n FROM migration_runs WHERE kind = 'import'`))[0].n as number;

describe('npm run demo: the sample import', () => {
  it('imports and verifies every mapped source of the example, with its KYC documents, from a copy that leaves the example untouched', async () => {
    const exampleBefore = treeHashes(EXAMPLE_DIR);
    expect(await hasImportedData(orm.em.fork())).toBe(false);

    const { legacyDir, run } = await prepareDemoData(orm, { paths });

    expect(legacyDir).toBe(paths.scratchDir);
    expect(run?.state).toBe('validated');
    for (const report of run!.sources.filter((entry) => SOURCE_MAPPINGS[entry.source])) {
      expect(report, report.source).toMatchObject({ state: 'validated', mismatched: 0 });
      const source = LEGACY_SOURCES.find((entry) => entry.id === report.source)!;
      expect(report.read, report.source).toBe(expected.sources[source.relativePath].records);
    }
    // Every document the metadata lists is stored, except the one whose file the example lacks on purpose.
    const kyc = expected.sources['uploads/kyc/metadata.json'];
    const [{ stored }] = await orm.em.fork().execute(`SELECT count(*)::int AS stored FROM kyc_documents WHERE status <> 'missing'`);
    expect(stored).toBe(kyc.documents - kyc.anomalies.missingFile.length);
    expect(await hasImportedData(orm.em.fork())).toBe(true);
    expect(treeHashes(paths.scratchDir)).toEqual(exampleBefore);
    expect(treeHashes(EXAMPLE_DIR)).toEqual(exampleBefore);
  }, 120_000);

  it('resumes on a second run: no new import while the database holds the demo import and its scratch copy exists', async () => {
    const before = await importRuns();
    const { run } = await prepareDemoData(orm, { paths });
    expect(run).toBeNull();
    expect(await importRuns()).toBe(before);
  });

  it('refuses a database that holds an import of another folder, importing nothing', async () => {
    const before = await importRuns();
    const elsewhere = { ...paths, scratchDir: path.join(root, 'other-legacy') };
    await expect(prepareDemoData(orm, { paths: elsewhere })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await importRuns()).toBe(before);
  });
});

describe('demoEnvironment', () => {
  it('points the sync worker at the scratch copy, never at the committed example, and keeps a DATABASE_URL and folders the user set', () => {
    const demoDir = path.join(os.tmpdir(), 'demo');
    const defaults = demoEnvironment({}, demoDir);
    expect(defaults).toEqual({
      EMBEDDED_PG_DIR: path.join(demoDir, 'postgres'),
      KYC_STORAGE_DIR: path.join(demoDir, 'kyc-storage'),
      BACKUP_DIR: path.join(demoDir, 'backups'),
      LEGACY_DATA_DIR: path.join(demoDir, 'legacy'),
    });
    const chosen = demoEnvironment({ LEGACY_DATA_DIR: EXAMPLE_DIR, KYC_STORAGE_DIR: '/srv/kyc', DATABASE_URL: 'postgres://db/x' }, demoDir);
    expect(chosen.LEGACY_DATA_DIR).toBe(path.join(demoDir, 'legacy'));
    expect(chosen.KYC_STORAGE_DIR).toBe('/srv/kyc');
    expect(chosen).not.toHaveProperty('DATABASE_URL');
  });
});
