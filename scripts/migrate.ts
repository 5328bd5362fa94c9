// npm run migrate -- --from DIR [--only a,b] – back up, import, verify every legacy source; exit 1 on mismatch or error, 2 while another run holds the lock
import { parseArgs } from 'node:util';
import { env } from '@/lib/env';
import { runImport } from '@/lib/migration/run-import';
import { withRunLock } from '@/lib/migration/run-lock';
import type { SourceId } from '@/lib/legacy/sources';
import { cliActor } from './lib/cli-actor';
import { withCliOrm } from './lib/cli-orm';
import { exitWith } from './lib/exit-with';
import { createProgressPrinter } from './lib/progress';
import { printAnomalies, printCarriedFiles, printSourceTable } from './lib/report-table';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, only: { type: 'string' }, 'backup-dir': { type: 'string' } } });
  const sourceDir = values.from ?? env().LEGACY_DATA_DIR;
  if (!sourceDir) {
    console.error('Say which legacy folder to import: npm run migrate -- --from DIR (or set LEGACY_DATA_DIR).');
    return 2;
  }
  const started = performance.now();
  const result = await withCliOrm(
    (orm) =>
      withRunLock(orm.em.fork(), () =>
        runImport(orm.em.fork(), {
          sourceDir,
          backupDir: values['backup-dir'] ?? env().BACKUP_DIR,
          storageDir: env().KYC_STORAGE_DIR,
          only: values.only?.split(',').map((id) => id.trim()) as SourceId[] | undefined,
          context: { source: 'cli', actorLabel: cliActor() },
          onProgress: createProgressPrinter(),
          verifyInWorker: true,
        }),
      ),
    { asOwner: true },
  );
  process.stderr.write('\n');
  printSourceTable(result.sources);
  printAnomalies(result.sources);
  printCarriedFiles(result.carriedFiles);
  console.log(`\nRun ${result.runId}: ${result.state} in ${((performance.now() - started) / 1000).toFixed(1)} s. Backup: ${result.backupPath}`);
  return result.state === 'validated' ? 0 : 1;
}

exitWith(main);
