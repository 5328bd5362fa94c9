import argon2 from 'argon2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { authenticate } from './authenticate';
import { loginSchema } from './login.schemas';
import { hashPassword, verifyPassword } from './passwords';

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

  it('refuses the sixth quick wrong password from one client while the owner signs in from another client, slowed, not locked out', async () => {
    const email = await createAdmin();
    const attacker = { ip: '198.51.100.66', userAgent: 'attacker' };
    const delays: number[] = [];
    const sleep = async (ms: number) => void delays.push(ms);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await authenticate(orm.em.fork(), { email, password: `wrong-${attempt}` }, attacker, { sleep })).toEqual({ ok: false, reason: 'invalid' });
    }
    // Throttled: even the right password from the attacking client is refused, with the same answer.
    expect(await authenticate(orm.em.fork(), { email, password: PASSWORD }, attacker, { sleep })).toEqual({ ok: false, reason: 'invalid' });
    expect(delays).toEqual([250]);

    const owner = await authenticate(orm.em.fork(), { email, password: PASSWORD }, { ip: '192.0.2.10', userAgent: 'owner' }, { sleep });
    expect(owner).toMatchObject({ ok: true, admin: { email } });
    expect(delays).toEqual([250, 250]);

    const user = await orm.em.fork().findOneOrFail(AdminUser, { email });
    const actions = (await auditActions(user.id)).map((row) => row.action);
    expect(actions.filter((action) => action === 'LOGIN_FAILED')).toHaveLength(5);
    expect(actions).toContain('LOGIN_LOCKED');
    expect(actions.at(-1)).toBe('LOGIN');
    // The owner's success clears the account's delay.
    expect(await authenticate(orm.em.fork(), { email, password: PASSWORD }, { ip: '192.0.2.10', userAgent: 'owner' }, { sleep })).toMatchObject({ ok: true });
    expect(delays).toEqual([250, 250]);
  });

  it('locked, unknown and wrong-password attempts each run one argon2 verification', async () => {
    const email = await createAdmin();
    const client = { ip: '198.51.100.77', userAgent: 'timing' };
    const sleep = async () => undefined;
    await verifyPassword(await hashPassword('warm-up'), 'warm-up'); // the dummy hash is made before counting
    await authenticate(orm.em.fork(), { email: randomEmail('warm'), password: 'x' }, { ip: '198.51.100.78', userAgent: null }, { sleep });
    const verify = vi.spyOn(argon2, 'verify');
    try {
      const countFor = async (attempt: () => Promise<unknown>) => {
        verify.mockClear();
        await attempt();
        return verify.mock.calls.length;
      };
      expect(await countFor(() => authenticate(orm.em.fork(), { email, password: 'wrong' }, client, { sleep }))).toBe(1);
      expect(await countFor(() => authenticate(orm.em.fork(), { email: randomEmail('nobody'), password: 'x' }, client, { sleep }))).toBe(1);
      for (let attempt = 0; attempt < 4; attempt += 1) await authenticate(orm.em.fork(), { email, password: 'wrong' }, client, { sleep });
      expect(await countFor(() => authenticate(orm.em.fork(), { email, password: PASSWORD }, client, { sleep }))).toBe(1);
      expect((await auditActions((await orm.em.fork().findOneOrFail(AdminUser, { email })).id)).at(-1)?.action).toBe('LOGIN_LOCKED');
    } finally {
      verify.mockRestore();
    }
  });

  it('verifies the password outside any transaction: the connection is free while argon2 runs', async () => {
    const email = await createAdmin();
    const em = orm.em.fork();
    const openTransactions: number[] = [];
    const verify = vi.spyOn(argon2, 'verify').mockImplementation(async () => {
      const [row] = await orm.em
        .fork()
        .execute<Array<{ count: string }>>(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
      openTransactions.push(Number(row.count));
      return true;
    });
    try {
      expect(await authenticate(em, { email, password: PASSWORD }, { ip: '198.51.100.90', userAgent: null })).toMatchObject({ ok: true });
      expect(openTransactions).toEqual([0]);
    } finally {
      verify.mockRestore();
    }
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
