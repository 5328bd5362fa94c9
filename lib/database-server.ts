import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type DatabaseServer } from './embedded-postgres';

/**
 * The server a process should use: `DATABASE_URL` when given, else the embedded one.
 * Tests and CI call this too, so the embedded default is exercised by the same code as `npm start`.
 */
export async function resolveDatabaseServer({
  databaseUrl,
  embeddedDir,
  embeddedPort,
  log,
}: {
  databaseUrl?: string;
  embeddedDir: string;
  embeddedPort: number;
  log?: (line: string) => void;
}): Promise<DatabaseServer & { embedded: boolean }> {
  if (databaseUrl) return { url: databaseUrl, stop: async () => undefined, embedded: false };
  const server = await startEmbeddedPostgres({ dataDir: embeddedDir, port: embeddedPort, log });
  return { ...server, embedded: true };
}

/** Drops and recreates `name` on the server behind `serverUrl`; returns the new database's URL. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A copy of a migrated database (the source must have no open connections): each test worker gets its own. */
export async function cloneDatabase(serverUrl: string, template: string, name: string): Promise<string> {
  for (const each of [template, name]) if (!/^[a-z_][a-z0-9_]{0,62}$/.test(each)) throw new Error(`invalid database name: ${each}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database name unique to this checkout, so two clones (a developer's tree and a CI clone) on the
 * same server never drop each other's test databases.
 */
export function checkoutDatabaseName(prefix: string): string {
  return `${prefix}_${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 8)}`;
}

/** A scratch folder for an embedded server that the `postgres` user can reach when we run as root. */
export function scratchEmbeddedDir(label: string): string {
  return path.join(os.tmpdir(), `pend-admin-${label}-${process.pid}`, 'postgres');
}
