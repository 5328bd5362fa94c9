import { beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { authenticate } from './authenticate';
import { loginSchema } from './login.schemas';
import { hashPassword } from './passwords';

const request = { ip: '203.0.113.7', userAgent: 'vitest' };
const PASSWORD = 'correct horse battery staple';

let orm: MikroORM;
beforeAll(async () => {
  orm = await useTestOrm();
});

async function createAdmin(email = randomEmail()) {
  const em = orm.em.fork();
  em.create(AdminUser, { email, name: 'Test', role: 'viewer', passwordHash: await hashPassword(PASSWORD) });
  await em.flush();
  return email;
}

function auditActions(recordId: string) {
  return orm.em
    .fork()
    .execute<Array<{ action: string; ip_address: string }>>(`SELECT action, host(ip_address) AS ip_address FROM audit_trail WHERE record_id = ? ORDER BY seq`, [
      recordId,
    ]);
}

describe('authenticate', () => {
  it('signs in with the right password and audits LOGIN with the client IP', async () => {
    const email = await createAdmin();
    const result = await authenticate(orm.em.fork(), { email, password: PASSWORD }, request);
    expect(result).toMatchObject({ ok: true, admin: { email, role: 'viewer' } });
    const id = result.ok ? result.admin.id : '';
    expect(await auditActions(id)).toContainEqual({ action: 'LOGIN', ip_address: '203.0.113.7' });
  });

  it('gives the same "invalid" answer for a wrong password and an unknown email', async () => {
    const email = await createAdmin();
    expect(await authenticate(orm.em.fork(), { email, password: 'wrong' }, request)).toEqual({ ok: false, reason: 'invalid' });
    const unknown = randomEmail('nobody');
    expect(await authenticate(orm.em.fork(), { email: unknown, password: 'x' }, request)).toEqual({ ok: false, reason: 'invalid' });
    expect(await auditActions(unknown)).toEqual([{ action: 'LOGIN_FAILED', ip_address: '203.0.113.7' }]);
  });

  it('locks after five failures and refuses the sixth attempt even with the right password', async () => {
    const email = await createAdmin();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await authenticate(orm.em.fork(), { email, password: `wrong-${attempt}` }, request)).toMatchObject({ ok: false });
    }
    expect(await authenticate(orm.em.fork(), { email, password: PASSWORD }, request)).toEqual({ ok: false, reason: 'locked' });

    const user = await orm.em.fork().findOneOrFail(AdminUser, { email });
    expect(user.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    const actions = (await auditActions(user.id)).map((row) => row.action);
    expect(actions.filter((action) => action === 'LOGIN_FAILED')).toHaveLength(5);
    expect(actions).toContain('ACCOUNT_LOCKED');
    expect(actions.at(-1)).toBe('LOGIN_LOCKED');
  });

  it('lets the user in again once the lock has expired', async () => {
    const email = await createAdmin();
    await orm.em.fork().execute(`UPDATE admin_users SET failed_login_count = 5, locked_until = now() - interval '1 second' WHERE email = ?`, [email]);
    expect(await authenticate(orm.em.fork(), { email, password: PASSWORD }, request)).toMatchObject({ ok: true });
  });

  it('keeps a forged X-Forwarded-For value out of the inet column instead of failing the login', async () => {
    const email = await createAdmin();
    const result = await authenticate(orm.em.fork(), { email, password: PASSWORD }, { ip: "1.2.3.4'; DROP TABLE x;--", userAgent: null });
    expect(result.ok).toBe(true);
  });
});

describe('loginSchema', () => {
  it('rejects a 1 MB password and an SQL-injection email with field messages', () => {
    const huge = loginSchema.safeParse({ email: 'a@b.co', password: 'x'.repeat(1_048_576) });
    expect(huge.success).toBe(false);
    expect(huge.error?.issues[0]?.message).toBe('Password is too long.');
    const injection = loginSchema.safeParse({ email: "' OR 1=1 --", password: 'x' });
    expect(injection.error?.issues[0]?.message).toBe('Enter a valid email address.');
  });

  it('normalizes the email to lower case', () => {
    expect(loginSchema.parse({ email: '  Admin@Pend.IO ', password: 'x' }).email).toBe('admin@pend.io');
  });
});
