import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { ensureInitialSuperAdmin } from '@/lib/admin-users/admin-user.service';
import { setAuditContext } from '@/lib/audit/audit-context';
import { resolveDatabaseServer } from '@/lib/database-server';
import { withoutOwnerLogin } from '@/lib/database-roles';
import { EnvError, parseEnv, type Env } from '@/lib/env';
import { migrateToLatest } from '@/lib/schema-migrations';
import { piiKeyText } from '@/lib/pii-keyring';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@/lib/private-files';

export const DATA_DIR = path.resolve('.data');
const DEFAULT_ADMIN_EMAIL = 'admin@pend.local';

/**
 * `childEnv` holds the owner's URL, for the processes that need it (the sync worker, CLI steps);
 * `nextEnv` is the same without it, with the app's own login instead (decision 061).
 */
export type Runtime = { config: Env; childEnv: NodeJS.ProcessEnv; nextEnv: NodeJS.ProcessEnv; stop: () => Promise<void> };

/** Validates the environment or exits naming the bad variable. */
export function loadEnvOrExit(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Writes the generated first super admin's one-time password to a file only this user can read, so it
 * never lands in a log (a terminal scrollback, a container log collector). Returns the file's path.
 */
export function writeInitialPasswordFile(dataDir: string, email: string, password: string): string {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = path.join(dataDir, 'initial-admin-password');
  rmSync(file, { force: true }); // a stale file of another mode is replaced, not reused
  writeFileSync(file, `email: ${email}\npassword: ${password}\n\nA one-time password: it must be changed at first sign-in. Delete this file then.\n`, {
    mode: PRIVATE_FILE_MODE,
  });
  return file;
}

/**
 * Outside production a missing secret is generated once into .data/ (0600) and kept, so sessions, audit
 * anchors and the legacy key survive restarts. Next always runs as production, so its process gets every
 * secret production requires; the banner says which were generated (lib/evaluation-keys.ts).
 */
function keptSecret(configured: string | undefined, fileName: string, encoding: 'base64' | 'base64url'): string {
  if (configured) return configured;
  const file = path.join(DATA_DIR, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(DATA_DIR, { recursive: true, mode: PRIVATE_DIR_MODE });
  const secret = randomBytes(32).toString(encoding);
  writeFileSync(file, `${secret}\n`, { mode: PRIVATE_FILE_MODE });
  return secret;
}

/**
 * Everything `npm start` and `npm run dev` do before Next starts: database server (embedded when no
 * DATABASE_URL), schema migrations as an explicit step, the first super admin.
 */
export async function prepareRuntime(log: (line: string) => void = console.log): Promise<Runtime> {
  const config = loadEnvOrExit();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: config.EMBEDDED_PG_DIR,
    embeddedPort: config.EMBEDDED_PG_PORT,
  });
  log(server.embedded ? `Embedded PostgreSQL running on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${server.dataDir})` : 'Using DATABASE_URL');
  try {
    const { applied } = await migrateToLatest(server.url);
    log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Schema is current');
    await bootstrapSuperAdmin(server.url, config, log);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const pii = piiKeyText();
  const childEnv = {
    ...process.env,
    DATABASE_URL: server.url,
    AUTH_SECRET: keptSecret(config.AUTH_SECRET, 'auth-secret', 'base64url'),
    PII_KEYS: pii.keys,
    PII_HMAC_KEY: pii.hmacKey,
    AUDIT_ANCHOR_KEY: keptSecret(config.AUDIT_ANCHOR_KEY, 'audit-anchor-key', 'base64'),
    ADMIN_SECRET_KEY: keptSecret(config.ADMIN_SECRET_KEY, 'admin-secret-key', 'base64url'),
    PORT: String(config.PORT),
  };
  return { config, childEnv, nextEnv: withoutOwnerLogin(childEnv, config), stop: server.stop };
}

async function bootstrapSuperAdmin(url: string, config: Env, log: (line: string) => void): Promise<void> {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  try {
    const result = await orm.em.fork().transactional(async (em) => {
      await setAuditContext(em, { source: 'cli', actorLabel: 'bootstrap' });
      return ensureInitialSuperAdmin(em, { email: config.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
    });
    if (result.created && result.generatedPassword) {
      const file = writeInitialPasswordFile(DATA_DIR, result.email, result.generatedPassword);
      log('');
      log(`  First super admin created: ${result.email}`);
      log(`  Its one-time password is in ${file} (readable by this user only); it must be changed at first sign-in.`);
      log('');
    } else if (result.created) {
      log(`First super admin created: ${result.email} (password from ADMIN_PASSWORD)`);
    }
  } finally {
    await orm.close(true);
  }
}
