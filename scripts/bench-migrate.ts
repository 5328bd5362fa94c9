// npm run bench:migrate [-- --scale large --seed 7] – import + verify legacy-gen data, compared with a raw COPY of the same rows
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createOrmConfig } from '@/mikro-orm.config';
import { recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { copyRows } from '@/lib/migration/copy-rows';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { loadLegacySource } from '@/lib/migration/read-legacy-source';
import { runImport } from '@/lib/migration/run-import';
import { allColumns, encodeRecord } from '@/lib/migration/source-mapping';
import { migrateToLatest } from '@/lib/schema-migrations';
import { benchLegacyFolder } from './lib/bench-folder';
import { loadEnvOrExit } from './lib/runtime';


async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'large' }, seed: { type: 'string', default: '7' } } });
  const config = loadEnvOrExit();
  const dataDir = benchLegacyFolder(values.scale!, values.seed!);

  const server = await resolveDatabaseServer({ databaseUrl: config.DATABASE_URL, embeddedDir: scratchEmbeddedDir('bench'), embeddedPort: config.EMBEDDED_PG_PORT + 3 });
  const url = await recreateDatabase(server.url, 'pend_admin_bench');
  await migrateToLatest(url);
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  try {
    const started = performance.now();
    const result = await runImport(orm.em.fork(), {
      sourceDir: dataDir,
      backupDir: path.join(os.tmpdir(), 'pend-bench-backups'),
      storageDir: path.join(os.tmpdir(), 'pend-bench-kyc-storage'),
      context: { source: 'cli', actorLabel: 'bench' },
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const importSeconds = result.sources.reduce((sum, report) => sum + report.importMs, 0) / 1000;
    const verifySeconds = result.sources.reduce((sum, report) => sum + report.verifyMs, 0) / 1000;
    const rows = result.sources.reduce((sum, report) => sum + report.read, 0);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    console.log(`\nlegacy-gen ${values.scale} seed ${values.seed}: ${rows.toLocaleString('en-US')} records, run state ${result.state}`);
    console.log(`import (read + manifest + COPY + upsert): ${importSeconds.toFixed(2)} s`);
    console.log(`verify (rebuild every record + hash):    ${verifySeconds.toFixed(2)} s`);
    console.log(`whole run incl. backup + anomalies:      ${wallSeconds.toFixed(2)} s`);
    console.log(`rows per second (whole run):             ${Math.round(rows / wallSeconds).toLocaleString('en-US')}`);
    console.log(`peak RSS:                                ${peakRssMb.toFixed(0)} MB`);

    // The physical limit: the same encoded rows, COPY'd into index-free (logged) copies of the tables.
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    let rawCopySeconds = 0;
    try {
      for (const adapter of LEGACY_SOURCES) {
        const mapping = SOURCE_MAPPINGS[adapter.id];
        if (!mapping) continue;
        const { records } = await loadLegacySource(dataDir, adapter);
        const encoded = records.map((record) => encodeRecord(mapping, record)).flatMap((row) => (row.kind === 'row' ? [row.values] : []));
        await owner.query(`CREATE TABLE raw_${mapping.table} (LIKE ${mapping.table} INCLUDING DEFAULTS)`);
        const copyStarted = performance.now();
        await copyRows(owner, `raw_${mapping.table}`, allColumns(mapping), encoded);
        rawCopySeconds += (performance.now() - copyStarted) / 1000;
      }
    } finally {
      await owner.end();
    }

    console.log(`raw COPY of the same rows, no indexes:   ${rawCopySeconds.toFixed(2)} s`);
    console.log(`ratio (import + verify) / raw COPY:      ${((importSeconds + verifySeconds) / rawCopySeconds).toFixed(2)}×`);
    console.log(`ratio whole run / raw COPY:              ${(wallSeconds / rawCopySeconds).toFixed(2)}×`);
  } finally {
    await orm.close(true);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
