import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { changeOwnPasswordSchema } from '@/lib/admin-users/admin-user.schemas';
import { changeAdminRole, changeOwnPassword, createAdminUser, resetAdminPassword } from '@/lib/admin-users/admin-user.service';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { requireActor } from '@/lib/actor';
import { authenticate } from './authenticate';
import { hashPassword } from './passwords';
import { checkAdminSession, SessionStepRequired } from './session-validity';

const token = vi.hoisted(() => ({ current: null as { user: { id: string }; sessionId: string } | null }));
vi.mock('@/lib/auth/next-auth', () => ({ auth: () => Promise.resolve(token.current) }));

const PASSWORD = 'correct horse battery staple';
const request = { ip: '203.0.113.50', userAgent: 'vitest' };

let orm: MikroORM;
beforeAll(async () => {
  orm = await useTestOrm();
});

async function signedInAdmin(role: 'viewer' | 'super_admin' = 'viewer') {
  const em = orm.em.fork();
  const email = randomEmail();
  const user = em.create(AdminUser, { email, name: 'Session test', role, passwordHash: await hashPassword(PASSWORD) });
  await em.flush();
  const result = await authenticate(orm.em.fork(), { email, password: PASSWORD }, request);
  if (!result.ok) throw new Error('sign-in failed');
  return { id: user.id, sessionId: result.admin.sessionId };
}

function check(admin: { id: string; sessionId: string }) {
  return checkAdminSession(orm.em.fork(), { adminId: admin.id, sessionId: admin.sessionId });
}

describe('server-side sessions', () => {
  it('accepts a fresh session and refuses a token without a session record or for another admin', async () => {
    const admin = await signedInAdmin();
    await expect(check(admin)).resolves.toMatchObject({ adminId: admin.id, mustChangePassword: false });
    await expect(checkAdminSession(orm.em.fork(), { adminId: admin.id, sessionId: undefined })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const other = await signedInAdmin();
    await expect(checkAdminSession(orm.em.fork(), { adminId: other.id, sessionId: admin.sessionId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('a token issued before a password reset is refused', async () => {
    const admin = await signedInAdmin();
    await orm.em.fork().transactional((tx) => resetAdminPassword(tx, { id: admin.id }));
    await expect(check(admin)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('a token issued before a role change is refused', async () => {
    const admin = await signedInAdmin();
    await orm.em.fork().transactional((tx) => changeAdminRole(tx, { id: 'someone-else' }, { id: admin.id, role: 'auditor' }));
    await expect(check(admin)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('a revoked (signed-out) session, one idle for 30 minutes and one older than 8 hours are refused', async () => {
    const [revoked, idle, old, recent] = await Promise.all([signedInAdmin(), signedInAdmin(), signedInAdmin(), signedInAdmin()]);
    const em = orm.em.fork();
    await em.execute(`UPDATE admin_sessions SET revoked_at = now() WHERE id = ?`, [revoked.sessionId]);
    await em.execute(`UPDATE admin_sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = ?`, [idle.sessionId]);
    await em.execute(`UPDATE admin_sessions SET created_at = now() - interval '8 hours 1 minute' WHERE id = ?`, [old.sessionId]);
    await em.execute(`UPDATE admin_sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = ?`, [recent.sessionId]);
    for (const admin of [revoked, idle, old]) await expect(check(admin)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(check(recent)).resolves.toMatchObject({ adminId: recent.id });
  });

  it('refreshes last-seen only when it is more than a minute old', async () => {
    const admin = await signedInAdmin();
    const lastSeen = async () =>
      new Date(
        (await orm.em.fork().execute<Array<{ last_seen_at: string }>>(`SELECT last_seen_at FROM admin_sessions WHERE id = ?`, [admin.sessionId]))[0]
          .last_seen_at,
      ).getTime();
    const fresh = await lastSeen();
    await check(admin);
    expect(await lastSeen()).toBe(fresh);
    await orm.em.fork().execute(`UPDATE admin_sessions SET last_seen_at = now() - interval '5 minutes' WHERE id = ?`, [admin.sessionId]);
    const stale = await lastSeen();
    await check(admin);
    expect(await lastSeen()).toBeGreaterThan(stale + 4 * 60_000);
  });

  it('an own password change keeps the session that made it and ends the others', async () => {
    const admin = await signedInAdmin();
    const otherDevice = await createAdminSession(orm.em.fork(), admin.id, request);
    const input = changeOwnPasswordSchema.parse({
      currentPassword: PASSWORD,
      newPassword: 'a brand new password 2',
      confirmPassword: 'a brand new password 2',
    });
    expect(await orm.em.fork().transactional((tx) => changeOwnPassword(tx, admin, input, admin.sessionId))).toEqual({ ok: true });
    await expect(check(admin)).resolves.toMatchObject({ adminId: admin.id });
    await expect(check({ id: admin.id, sessionId: otherDevice })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('one-time passwords', () => {
  it('a session signed in with a one-time password reaches only the password change until it is changed', async () => {
    const email = randomEmail('otp');
    const { user, oneTimePassword } = await orm.em.fork().transactional((tx) => createAdminUser(tx, { email, name: 'OTP', role: 'auditor' }));
    const result = await authenticate(orm.em.fork(), { email, password: oneTimePassword }, request);
    if (!result.ok) throw new Error('sign-in failed');
    token.current = { user: { id: user.id }, sessionId: result.admin.sessionId };
    try {
      await expect(requireActor(orm.em.fork(), 'audit:read')).rejects.toMatchObject({ path: '/change-password' });
      await expect(requireActor(orm.em.fork(), 'audit:read')).rejects.toBeInstanceOf(SessionStepRequired);
      await expect(requireActor(orm.em.fork(), 'account:own')).resolves.toMatchObject({ id: user.id });

      const next = 'my own password 12345';
      const input = changeOwnPasswordSchema.parse({ currentPassword: oneTimePassword, newPassword: next, confirmPassword: next });
      await orm.em.fork().transactional((tx) => changeOwnPassword(tx, { id: user.id }, input, result.admin.sessionId));
      await expect(requireActor(orm.em.fork(), 'audit:read')).resolves.toMatchObject({ id: user.id });
    } finally {
      token.current = null;
    }
  });

  it('accounts created with a chosen password (ADMIN_PASSWORD, SQL fixtures) are not forced to change it', async () => {
    const [row] = await orm.em
      .fork()
      .execute<Array<{ must_change_password: boolean }>>(
        `INSERT INTO admin_users (email, name, role, password_hash) VALUES (?, 'fixture', 'viewer', 'x') RETURNING must_change_password`,
        [randomEmail('fixture')],
      );
    expect(row.must_change_password).toBe(false);
  });
});
