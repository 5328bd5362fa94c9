import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { AUDITOR_ROLE, appDatabaseUrl, appLoginPassword, withoutOwnerLogin } from './database-roles';
import { env } from './env';

/** Runs `statements` in one transaction on an app connection; the transaction is rolled back whatever happens. */
async function inAppTransaction(app: MikroORM, statements: string[]): Promise<void> {
  await app.em.fork().transactional(async (tx) => {
    for (const statement of statements) await tx.execute(statement);
    throw new Error('rolled back on purpose');
  });
}

describe('database roles', () => {
  it('the app connection is not superuser and owns no table', async () => {
    const app = await useTestOrm('app');
    const [who] = await app.em.fork().execute<Array<{ session_user: string; current_user: string; rolsuper: boolean; owned: string }>>(
      `SELECT session_user, current_user, r.rolsuper,
              (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = session_user`,
    );
    expect(who).toMatchObject({ session_user: env().DATABASE_APP_ROLE, current_user: env().DATABASE_APP_ROLE, rolsuper: false });
    expect(Number(who.owned)).toBe(0);
  });

  it('RESET ROLE then ALTER TABLE … DISABLE TRIGGER fails from an app connection', async () => {
    const app = await useTestOrm('app');
    await expect(inAppTransaction(app, ['RESET ROLE', 'ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_no_change'])).rejects.toThrow(/must be owner/);
    await expect(inAppTransaction(app, ['SET ROLE postgres'])).rejects.toThrow(/permission denied/);
    await expect(inAppTransaction(app, ['SET session_replication_role = replica'])).rejects.toThrow(/permission denied/);
  });

  it('the app role cannot UPDATE/DELETE/TRUNCATE the audit trail, nor create or drop tables', async () => {
    const app = await useTestOrm('app');
    await expect(inAppTransaction(app, [`UPDATE audit_trail SET action = 'EDITED'`])).rejects.toThrow(/permission denied/);
    await expect(inAppTransaction(app, ['DELETE FROM audit_trail'])).rejects.toThrow(/permission denied/);
    await expect(inAppTransaction(app, ['TRUNCATE audit_trail'])).rejects.toThrow(/permission denied/);
    await expect(inAppTransaction(app, ['CREATE TABLE public.app_made (id int)'])).rejects.toThrow(/permission denied/);
    await expect(inAppTransaction(app, ['DROP TABLE app_settings'])).rejects.toThrow(/must be owner/);
  });

  it('the auditor role reads every table and writes none', async () => {
    const owner = await useTestOrm('owner');
    const asAuditor = (statement: string) =>
      owner.em.fork().transactional(async (tx) => {
        await tx.execute(`SET LOCAL ROLE ${AUDITOR_ROLE}`);
        return tx.execute(statement);
      });
    await expect(asAuditor('SELECT count(*) FROM audit_trail')).resolves.toHaveLength(1);
    await expect(asAuditor('SELECT count(*) FROM admin_users')).resolves.toHaveLength(1);
    await expect(asAuditor(`INSERT INTO app_settings (key, value) VALUES ('auditor-write', '1')`)).rejects.toThrow(/permission denied/);
  });

  it('derives the app login from the owner URL: same server and database, its own user, a password keyed by the owner password', () => {
    const config = { DATABASE_URL: undefined, DATABASE_APP_URL: undefined, DATABASE_APP_ROLE: 'pend_app' };
    const url = new URL(appDatabaseUrl('postgres://owner:s3cret@db.internal:5432/pend?sslmode=require', config));
    expect(url.username).toBe('pend_app');
    expect(url.password).toBe(appLoginPassword('postgres://owner:s3cret@db.internal:5432/pend', 'pend_app'));
    expect(url.password).not.toContain('s3cret');
    expect(`${url.host}${url.pathname}${url.search}`).toBe('db.internal:5432/pend?sslmode=require');
    expect(appLoginPassword('postgres://owner:other@db.internal/pend', 'pend_app')).not.toBe(url.password);
    expect(new URL(appDatabaseUrl('postgres://postgres@127.0.0.1/pend', config)).password).toBe('');
    const given = 'postgres://app:given@elsewhere/pend';
    expect(appDatabaseUrl('postgres://o@h/pend', { ...config, DATABASE_URL: 'postgres://o@h/pend', DATABASE_APP_URL: given })).toBe(given);
    expect(appDatabaseUrl('postgres://o@h/pend', { ...config, DATABASE_APP_ROLE: '' })).toBe('postgres://o@h/pend');
  });

  it('the Next process is given the app login only, and opens its pool and refuses owner steps from it alone', { timeout: 60_000 }, () => {
    const ownerUrl = process.env.DATABASE_URL!;
    const nextEnv = withoutOwnerLogin({ ...process.env }, env());
    expect(nextEnv).not.toHaveProperty('DATABASE_URL');
    expect(Object.values(nextEnv)).not.toContain(ownerUrl);
    expect(new URL(nextEnv.DATABASE_APP_URL!).username).toBe(env().DATABASE_APP_ROLE);

    const output = execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.resolve('lib/testing/app-login-process.ts')], {
      env: nextEnv,
      encoding: 'utf8',
    });
    const [who, refusal] = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(who).toEqual({ sessionUser: env().DATABASE_APP_ROLE });
    expect(refusal.ownerRefusal).toMatch(/needs the owner login \(DATABASE_URL\); the app process is given only DATABASE_APP_URL/);
  });
});
