import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { hasImportedData } from '@/lib/dashboard/has-imported-data';
import { AppError } from '@/lib/errors';
import { findLatestImportFolder } from '@/lib/migration-dashboard/migration-dashboard.repository';
import { runImport, type ImportRunResult, type MigrationProgress } from '@/lib/migration/run-import';
import { withRunLock } from '@/lib/migration/run-lock';

/** The committed sample legacy folder. Only ever read: the demo works on a copy. */
export const EXAMPLE_DIR = path.resolve('examples', 'legacy-small');
/** Everything the demo writes: its embedded database, the scratch legacy folder, managed files, backups. */
export const DEMO_DIR = path.resolve('.data', 'demo');

export type DemoPaths = { scratchDir: string; storageDir: string; backupDir: string };

/**
 * The environment `npm run demo` runs the app with: the sync worker follows the scratch copy of the
 * sample (never the committed folder), and the demo's database, managed files and backups live in
 * `.data/demo`, apart from `npm start`'s. A DATABASE_URL, or folders the user set, are kept.
 */
export function demoEnvironment(source: Record<string, string | undefined>, demoDir = DEMO_DIR): Record<string, string> {
  return {
    EMBEDDED_PG_DIR: source.EMBEDDED_PG_DIR || path.join(demoDir, 'postgres'),
    KYC_STORAGE_DIR: source.KYC_STORAGE_DIR || path.join(demoDir, 'kyc-storage'),
    BACKUP_DIR: source.BACKUP_DIR || path.join(demoDir, 'backups'),
    LEGACY_DATA_DIR: path.join(demoDir, 'legacy'),
  };
}

/**
 * The first super admin's password for the demo: ADMIN_PASSWORD when set, else one generated on the
 * first run and kept in `.data/demo` (like the auth secret), so every run can print the sign-in.
 */
export function demoAdminPassword(source: Record<string, string | undefined>, demoDir = DEMO_DIR): string {
  if (source.ADMIN_PASSWORD) return source.ADMIN_PASSWORD;
  const file = path.join(demoDir, 'admin-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(demoDir, { recursive: true });
  const password = randomBytes(12).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export type DemoDataResult = { legacyDir: string; run: ImportRunResult | null };

/**
 * Puts the sample into PostgreSQL through the real migration: a fresh scratch copy of the example,
 * then a full import (backup, import, verify) under the one run lock. A database that already holds
 * the demo's import, with its scratch copy still there, is left as it is, so a second `npm run demo`
 * resumes with whatever changed since. A database that holds an import of another folder is refused:
 * the sample must never be mixed into real data.
 */
export async function prepareDemoData(
  orm: MikroORM,
  { exampleDir = EXAMPLE_DIR, paths, onProgress }: { exampleDir?: string; paths: DemoPaths; onProgress?: (progress: MigrationProgress) => void },
): Promise<DemoDataResult> {
  const { scratchDir, storageDir, backupDir } = paths;
  const latestFolder = await findLatestImportFolder(orm.em.fork());
  if (latestFolder && path.resolve(latestFolder) !== path.resolve(scratchDir)) {
    throw new AppError(
      'CONFLICT',
      `This database already holds an import of ${latestFolder}; the demo imports its sample only into an empty database or its own. Unset DATABASE_URL to use the demo's embedded one.`,
    );
  }
  if ((await hasImportedData(orm.em.fork())) && existsSync(scratchDir)) return { legacyDir: scratchDir, run: null };

  rmSync(scratchDir, { recursive: true, force: true });
  cpSync(exampleDir, scratchDir, { recursive: true });
  const run = await withRunLock(orm.em.fork(), () =>
    runImport(orm.em.fork(), {
      sourceDir: scratchDir,
      backupDir,
      storageDir,
      context: { source: 'cli', actorLabel: 'demo' },
      onProgress,
      verifyInWorker: true,
    }),
  );
  if (run.state !== 'validated') throw new Error(`The sample import ended ${run.state} (run ${run.runId}); the Migration page shows why.`);
  return { legacyDir: scratchDir, run };
}
