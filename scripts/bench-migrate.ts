// npm run bench:migrate [-- --scale large --seed 7] – import + verify legacy-gen data, compared with a raw COPY of the same rows
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createOrmConfig } from '@/mikro-orm.config';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { copyChunks, copyTextPieces } from '@/lib/migration/copy-rows';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { loadLegacySource } from '@/lib/migration/read-legacy-source';
import { runImport } from '@/lib/migration/run-import';
import { allColumns, encodeRecord } from '@/lib/migration/source-mapping';
import { migrateToLatest } from '@/lib/schema-migrations';
import { benchLegacyFolder } from './lib/bench-folder';
import { cpuAccount, cpuSnapshot, type CpuSnapshot } from './lib/cpu-meter';
import { loadEnvOrExit } from './lib/runtime';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'large' }, seed: { type: 'string', default: '7' } } });
  const config = loadEnvOrExit();
  const dataDir = benchLegacyFolder(values.scale!, values.seed!);

  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('bench'),
    embeddedPort: config.EMBEDDED_PG_PORT + 3,
  });
  // Named after the checkout, like the test databases: two checkouts benchmarking on one server do not drop each other's.
  const url = await recreateDatabase(server.url, checkoutDatabaseName('pend_admin_bench'));
  await migrateToLatest(url);
  // As `npm run migrate` runs it: the migration owner, whose bulk import is one audit event per source.
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url, asOwner: true }));
  const owner = new pg.Client({ connectionString: url });
  // Each run archives the 235 MB folder: a scratch folder of this run's own, removed at the end.
  const backupDir = mkdtempSync(path.join(os.tmpdir(), 'pend-bench-backups-'));
  await owner.connect();
  try {
    // Each timed phase starts after a checkpoint, so none pays for the previous one's dirty pages.
    await checkpoint(owner);
    const started = performance.now();
    // The import + verify window opens with the first record read (after the backup) and closes
    // with the last verification.
    let windowStart: CpuSnapshot | null = null;
    let windowEnd: CpuSnapshot | null = null;
    const result = await runImport(orm.em.fork(), {
      sourceDir: dataDir,
      backupDir,
      storageDir: path.join(os.tmpdir(), 'pend-bench-kyc-storage'),
      context: { source: 'cli', actorLabel: 'bench' },
      verifyInWorker: true,
      onProgress: ({ phase, done, total }) => {
        windowStart ??= cpuSnapshot();
        if (phase === 'verify' && done === total) windowEnd = cpuSnapshot();
      },
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const sumSeconds = (field: 'importMs' | 'verifyMs') => result.sources.reduce((sum, report) => sum + report[field], 0) / 1000;
    const pipelineSeconds = result.durations.importAndVerifyMs / 1000;
    const rows = result.sources.reduce((sum, report) => sum + report.read, 0);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    console.log(`\nlegacy-gen ${values.scale} seed ${values.seed}: ${rows.toLocaleString('en-US')} records, run state ${result.state}`);
    console.log(`import + verify, wall (overlapping):      ${pipelineSeconds.toFixed(2)} s`);
    console.log(`  of which import (read + manifest + COPY + indexes), summed over sources: ${sumSeconds('importMs').toFixed(2)} s`);
    console.log(`  of which verify (rebuild every record + hash), summed over sources:      ${sumSeconds('verifyMs').toFixed(2)} s`);
    console.log(`backup before the run:                    ${(result.durations.backupMs / 1000).toFixed(2)} s`);
    console.log(`anomaly detection after it:               ${(result.durations.anomaliesMs / 1000).toFixed(2)} s`);
    console.log(`whole run:                                ${wallSeconds.toFixed(2)} s`);
    console.log(`rows per second (import + verify):        ${Math.round(rows / pipelineSeconds).toLocaleString('en-US')}`);
    console.log(`peak RSS:                                 ${peakRssMb.toFixed(0)} MB`);

    const rawCopies = await rawCopyBaseline(owner, dataDir);
    const rawCopySeconds = median(rawCopies);
    console.log(
      `raw COPY of the same rows, no indexes:    ${rawCopySeconds.toFixed(2)} s (median of ${rawCopies.map((seconds) => seconds.toFixed(2)).join(', ')})`,
    );
    console.log(`ratio (import + verify) / raw COPY:       ${(pipelineSeconds / rawCopySeconds).toFixed(2)}×`);
    console.log(`ratio whole run / raw COPY:               ${(wallSeconds / rawCopySeconds).toFixed(2)}×`);
    if (windowStart && windowEnd) printCpuFloor(cpuAccount(windowStart, windowEnd), rawCopySeconds);
  } finally {
    rmSync(backupDir, { recursive: true, force: true });
    await owner.end();
    await orm.close(true);
    await server.stop();
  }
}

/**
 * How CPU-bound import + verify is: the machine's busy core-seconds in that window, split between this
 * process and the rest (PostgreSQL, when local), and the wall time that much work needs at best.
 */
function printCpuFloor(cpu: ReturnType<typeof cpuAccount>, rawCopySeconds: number): void {
  const percent = (cpu.utilization * 100).toFixed(0);
  console.log(`\nCPU during import + verify (${cpu.cores} cores, ${cpu.wallSeconds.toFixed(2)} s):`);
  console.log(
    `  busy:                                   ${cpu.machineBusySeconds.toFixed(1)} core-s of ${(cpu.cores * cpu.wallSeconds).toFixed(1)} available (${percent}%)`,
  );
  console.log(`  this process (main thread + verifier):  ${cpu.processSeconds.toFixed(1)} core-s`);
  console.log(`  PostgreSQL and the rest of the machine: ${cpu.elsewhereSeconds.toFixed(1)} core-s`);
  console.log(`  floor (busy / cores):                   ${cpu.floorSeconds.toFixed(2)} s = ${(cpu.floorSeconds / rawCopySeconds).toFixed(2)}× raw COPY`);
  console.log(`  work that fits 3× raw COPY:             ${(3 * rawCopySeconds * cpu.cores).toFixed(1)} core-s`);
}

const RAW_COPY_RUNS = 3;

/**
 * The physical limit: the same rows' COPY text (built beforehand, untimed) streamed into index-free
 * (logged) copies of the tables, `RAW_COPY_RUNS` times; returns each run's seconds.
 */
async function rawCopyBaseline(owner: pg.Client, dataDir: string): Promise<number[]> {
  const tables: Array<{ name: string; columns: string[]; pieces: string[] }> = [];
  for (const adapter of LEGACY_SOURCES) {
    const mapping = SOURCE_MAPPINGS[adapter.id];
    if (!mapping) continue;
    const { records } = await loadLegacySource(dataDir, adapter);
    const encoded = records.map((record) => encodeRecord(mapping, record)).flatMap((row) => (row.kind === 'row' ? [row.values] : []));
    const name = `raw_${mapping.table}`;
    await owner.query(`CREATE TABLE ${name} (LIKE ${mapping.table} INCLUDING DEFAULTS)`);
    tables.push({ name, columns: allColumns(mapping), pieces: [...copyChunks(encoded)] });
  }
  const runs: number[] = [];
  for (let run = 0; run < RAW_COPY_RUNS; run++) {
    await owner.query(`TRUNCATE ${tables.map((table) => table.name).join(', ')}`);
    await checkpoint(owner);
    const started = performance.now();
    for (const table of tables) await copyTextPieces(owner, table.name, table.columns, table.pieces);
    runs.push((performance.now() - started) / 1000);
  }
  return runs;
}

/** CHECKPOINT needs a superuser (or pg_checkpoint); without one the phases simply share the server's state. */
async function checkpoint(owner: pg.Client): Promise<void> {
  await owner.query('CHECKPOINT').catch(() => undefined);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
