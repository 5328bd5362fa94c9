import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { checkoutDatabaseName, recreateDatabase } from '@/lib/database-server';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { SOURCE_MAPPINGS } from './mappings';

const TSX = path.resolve('node_modules', '.bin', 'tsx');

/**
 * Runs the real CLI; resolves with its exit code, or kills it with SIGKILL once `killWhen` matches its
 * output. tsx runs the script in a child process of its own and cannot relay a SIGKILL, so the CLI
 * gets a process group and the whole group is killed.
 */
function migrateCli(databaseUrl: string, sourceDir: string, killWhen?: RegExp): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['--conditions=react-server', 'scripts/migrate.ts', '--from', sourceDir, '--backup-dir', path.join(sourceDir, '..', 'backups')], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      detached: true,
    });
    let output = '';
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (killWhen?.test(output) && child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1));
  });
}

/** Table contents that must not depend on how many runs it took: generated ids and timestamps excluded. */
async function snapshot(databaseUrl: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result: Record<string, unknown[]> = {};
    for (const mapping of Object.values(SOURCE_MAPPINGS)) {
      const { rows } = await client.query(`SELECT * FROM ${mapping!.table} ORDER BY legacy_key`);
      result[mapping!.table] = rows.map(({ id: _id, imported_at: _imported, updated_at: _updated, ...row }) => row);
    }
    const quarantine = await client.query(
      `SELECT legacy_source, legacy_key, legacy_position, legacy_hash, reason, raw_text FROM migration_quarantine ORDER BY 1, 2`,
    );
    result.migration_quarantine = quarantine.rows;
    return result;
  } finally {
    await client.end();
  }
}

describe('import killed with SIGKILL', () => {
  it('finishes on the next run with the same database as an uninterrupted run', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pend-kill-'));
    const { dir } = generateLegacyFolder(root, 'medium', 5);
    const interrupted = await recreateDatabase(inject('serverUrl'), checkoutDatabaseName('pend_admin_kill_a'));
    const uninterrupted = await recreateDatabase(inject('serverUrl'), checkoutDatabaseName('pend_admin_kill_b'));

    // Largest files first: by the time persistent-transactions is written, the two larger sources are committed.
    expect(await migrateCli(interrupted, dir, /persistent-transactions\s+write/)).toBe('SIGKILL');
    const halfDone = await snapshot(interrupted);
    const filled = Object.values(halfDone).filter((rows) => rows.length > 0).length;
    expect(filled, 'tables holding rows after the kill').toBeGreaterThan(0);
    expect(filled, 'tables holding rows after the kill').toBeLessThan(Object.keys(halfDone).length - 1);
    expect(await migrateCli(interrupted, dir)).toBe(0);
    expect(await migrateCli(uninterrupted, dir)).toBe(0);
    expect(await snapshot(interrupted)).toEqual(await snapshot(uninterrupted));
  }, 240_000);
});
