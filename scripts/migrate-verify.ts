// npm run migrate:verify [-- --from DIR] – rebuild every record from PostgreSQL and compare with the legacy folder
import { parseArgs } from 'node:util';
import { env } from '@/lib/env';
import { runVerify } from '@/lib/migration/run-verify';
import { withRunLock } from '@/lib/migration/run-lock';
import { cliActor } from './lib/cli-actor';
import { withCliOrm } from './lib/cli-orm';
import { exitWith } from './lib/exit-with';
import { createProgressPrinter } from './lib/progress';
import { printCarriedFiles, printSourceTable } from './lib/report-table';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' } } });
  const sourceDir = values.from ?? env().LEGACY_DATA_DIR;
  if (!sourceDir) {
    console.error('Say which legacy folder to verify against: npm run migrate:verify -- --from DIR (or set LEGACY_DATA_DIR).');
    return 2;
  }
  const result = await withCliOrm((orm) =>
    withRunLock(orm.em.fork(), () =>
      runVerify(orm.em.fork(), {
        sourceDir,
        storageDir: env().KYC_STORAGE_DIR,
        context: { source: 'cli', actorLabel: cliActor() },
        onProgress: createProgressPrinter(),
        verifyInWorker: true,
      }),
    ),
  );
  process.stderr.write('\n');
  printSourceTable(result.sources);
  printCarriedFiles(result.carriedFiles);
  console.log(`\nVerify run ${result.runId}: ${result.state}`);
  return result.state === 'validated' ? 0 : 1;
}

exitWith(main);
