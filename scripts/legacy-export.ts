// npm run legacy:export -- --out DIR – roll back: write the whole legacy folder from PostgreSQL
import { existsSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { env } from '@/lib/env';
import { runExport } from '@/lib/migration/run-export';
import { cliActor } from './lib/cli-actor';
import { withCliOrm } from './lib/cli-orm';
import { exitWith } from './lib/exit-with';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, force: { type: 'boolean', default: false } } });
  if (!values.out) {
    console.error('Say where to write the legacy folder: npm run legacy:export -- --out DIR');
    return 2;
  }
  if (existsSync(values.out) && readdirSync(values.out).length && !values.force) {
    console.error(`${values.out} is not empty; choose an empty folder or pass --force to overwrite the legacy files in it.`);
    return 2;
  }
  const result = await withCliOrm((orm) =>
    runExport(orm.em.fork(), { targetDir: values.out!, storageDir: env().KYC_STORAGE_DIR, context: { source: 'cli', actorLabel: cliActor() } }),
  );
  for (const source of result.sources) {
    console.log(
      `${source.relativePath.padEnd(46)} ${String(source.records).padStart(8)} records ${source.written ? '' : '(not written: no file and no records)'}`,
    );
  }
  console.log(`uploads/kyc/ (document files)`.padEnd(46) + ` ${String(result.kycFiles).padStart(8)} files`);
  console.log(`files no table models (carried byte for byte)`.padEnd(46) + ` ${String(result.carriedFiles).padStart(8)} files`);
  console.log(`\nExport run ${result.runId} wrote ${values.out}`);
  return 0;
}

exitWith(main);
