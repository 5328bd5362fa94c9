import { authenticator } from 'otplib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { findAdminSessionState } from '@/lib/admin-sessions/admin-session.repository';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { requireActor } from '@/lib/actor';
import { authenticate } from '@/lib/auth/authenticate';
import { hashPassword } from '@/lib/auth/passwords';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { confirmTotpEnrolment, disableTotp, getMfaStatus, resetAdminMfa, startTotpEnrolment, verifySecondFactor } from './admin-mfa.service';

const token = vi.hoisted(() => ({ current: null as { user: { id: string }; sessionId: string } | null }));
vi.mock('@/lib/auth/next-auth', () => ({ auth: () => Promise.resolve(token.current) }));

const PASSWORD = 'correct horse battery staple';
const request = { ip: '203.0.113.60', userAgent: 'vitest' };

let orm: MikroORM;
beforeAll(async () => {
  orm = await useTestOrm();
});

async function createAdmin(role: 'viewer' | 'super_admin' = 'viewer') {
  const em = orm.em.fork();
  const user = em.create(AdminUser, { email: randomEmail('mfa'), name: 'MFA test', role, passwordHash: await hashPassword(PASSWORD) });
  await em.flush();
  return { id: user.id, email: user.email };
}

function audit(adminId: string) {
  return { source: 'admin-ui' as const, actorId: adminId, actorLabel: 'vitest-mfa', ...request };
}

async function enrol(admin: { id: string; email: string }, now = Date.now()) {
  const { secret, uri, qrSvg } = await orm.em.fork().transactional((tx) => startTotpEnrolment(tx, admin));
  expect(uri).toContain('otpauth://totp/');
  // The QR code is drawn, not written: no text, script or link of the admin's email in the markup.
  expect(qrSvg).toMatch(/^<svg[\s\S]*<path[\s\S]*<\/svg>\s*$/);
  expect(qrSvg).not.toMatch(/<script|<text|href|@/i);
  const result = await orm.em.fork().transactional((tx) => confirmTotpEnrolment(tx, admin, authenticator.generate(secret), audit(admin.id), now));
  if (!result.ok) throw new Error('enrolment failed');
  return { secret, recoveryCodes: result.recoveryCodes };
}

async function signIn(admin: { email: string }) {
  const result = await authenticate(orm.em.fork(), { email: admin.email, password: PASSWORD }, request);
  if (!result.ok) throw new Error('sign-in failed');
  return result.admin.sessionId;
}

function verify(admin: { id: string }, sessionId: string, code: string) {
  return orm.em.fork().transactional((tx) => verifySecondFactor(tx, { adminId: admin.id, sessionId }, code, audit(admin.id)));
}

function auditActions(recordId: string) {
  return orm.em.fork().execute<Array<{ action: string }>>(`SELECT action FROM audit_trail WHERE record_id = ? ORDER BY seq`, [recordId]);
}

describe('TOTP enrolment', () => {
  it('turns on after a code from the new secret, gives ten recovery codes and audits MFA_ENROLLED', async () => {
    const admin = await createAdmin();
    const { secret, recoveryCodes } = await enrol(admin);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await getMfaStatus(orm.em.fork(), admin.id)).toEqual({ enrolled: true, recoveryCodesLeft: 10 });
    expect((await auditActions(admin.id)).map((row) => row.action)).toContain('MFA_ENROLLED');
    const [stored] = await orm.em.fork().execute<Array<{ secret_encrypted: string }>>(`SELECT secret_encrypted FROM admin_mfa WHERE admin_id = ?`, [admin.id]);
    expect(stored.secret_encrypted).not.toContain(secret);
  });

  it('refuses a wrong confirmation code as a field error and stays off', async () => {
    const admin = await createAdmin();
    await orm.em.fork().transactional((tx) => startTotpEnrolment(tx, admin));
    const result = await orm.em.fork().transactional((tx) => confirmTotpEnrolment(tx, admin, '000000', audit(admin.id)));
    expect(result).toMatchObject({ ok: false, fieldErrors: { code: [expect.any(String)] } });
    expect((await getMfaStatus(orm.em.fork(), admin.id)).enrolled).toBe(false);
  });
});

describe('sign-in with a second factor', () => {
  it('a session of an enrolled admin owes the code: requireActor refuses it until verified', async () => {
    const admin = await createAdmin();
    const { secret } = await enrol(admin, Date.now() - 60_000);
    const sessionId = await signIn(admin);
    token.current = { user: { id: admin.id }, sessionId };
    try {
      await expect(requireActor(orm.em.fork(), 'dashboard:read')).rejects.toMatchObject({ path: '/login/verify' });
      await expect(requireActor(orm.em.fork(), 'account:own')).rejects.toMatchObject({ path: '/login/verify' });
      expect(await verify(admin, sessionId, authenticator.generate(secret))).toEqual({ ok: true, method: 'totp' });
      await expect(requireActor(orm.em.fork(), 'dashboard:read')).resolves.toMatchObject({ id: admin.id });
    } finally {
      token.current = null;
    }
  });

  it('a replayed TOTP code is refused', async () => {
    const admin = await createAdmin();
    const { secret } = await enrol(admin, Date.now() - 60_000);
    const code = authenticator.generate(secret);
    expect(await verify(admin, await signIn(admin), code)).toMatchObject({ ok: true });
    const second = await signIn(admin);
    expect(await verify(admin, second, code)).toEqual({ ok: false, sessionEnded: false });
    const [state] = await orm.em.fork().execute<Array<{ mfa_pending: boolean }>>(`SELECT mfa_pending FROM admin_sessions WHERE id = ?`, [second]);
    expect(state.mfa_pending).toBe(true);
    expect((await auditActions(admin.id)).map((row) => row.action).at(-1)).toBe('MFA_FAILED');
  });

  it('a recovery code works once', async () => {
    const admin = await createAdmin();
    const { recoveryCodes } = await enrol(admin);
    expect(await verify(admin, await signIn(admin), recoveryCodes[3].toUpperCase())).toEqual({ ok: true, method: 'recovery-code' });
    expect(await verify(admin, await signIn(admin), recoveryCodes[3])).toMatchObject({ ok: false });
    expect((await getMfaStatus(orm.em.fork(), admin.id)).recoveryCodesLeft).toBe(9);
  });

  it('five wrong codes end the session', async () => {
    const admin = await createAdmin();
    await enrol(admin);
    const sessionId = await signIn(admin);
    const results = [];
    for (let attempt = 0; attempt < 5; attempt += 1) results.push(await verify(admin, sessionId, '123-not-a-code'));
    expect(results.map((result) => result.ok === false && result.sessionEnded)).toEqual([false, false, false, false, true]);
    const [state] = await orm.em
      .fork()
      .execute<Array<{ revoked: boolean }>>(`SELECT revoked_at IS NOT NULL AS revoked FROM admin_sessions WHERE id = ?`, [sessionId]);
    expect(state.revoked).toBe(true);
  });
});

describe('required enrolment, disabling and resets', () => {
  it('a required role without a second factor owes enrolment; the mfa.required_roles setting overrides the default', async () => {
    const root = await createAdmin('super_admin');
    const viewer = await createAdmin('viewer');
    const rootSession = await signIn(root);
    const viewerSession = await signIn(viewer);
    const state = (sessionId: string) => findAdminSessionState(orm.em.fork(), sessionId, ['super_admin']);
    expect((await state(rootSession))?.mfaEnrolmentRequired).toBe(true);
    expect((await state(viewerSession))?.mfaEnrolmentRequired).toBe(false);
    await orm.em.fork().execute(`INSERT INTO app_settings (key, value) VALUES ('mfa.required_roles', '["viewer"]'::jsonb)`);
    try {
      expect((await state(rootSession))?.mfaEnrolmentRequired).toBe(false);
      expect((await state(viewerSession))?.mfaEnrolmentRequired).toBe(true);
    } finally {
      await orm.em.fork().execute(`DELETE FROM app_settings WHERE key = 'mfa.required_roles'`);
    }
    await enrol(root);
    expect((await state(rootSession))?.mfaEnrolmentRequired).toBe(false);
  });

  it('disabling needs a valid code and is audited; a super admin reset removes it, ends the sessions and is audited', async () => {
    const admin = await createAdmin();
    const { recoveryCodes } = await enrol(admin);
    expect(await orm.em.fork().transactional((tx) => disableTotp(tx, admin, '000000', audit(admin.id)))).toMatchObject({ ok: false });
    expect(await orm.em.fork().transactional((tx) => disableTotp(tx, admin, recoveryCodes[0], audit(admin.id)))).toEqual({ ok: true });
    expect((await getMfaStatus(orm.em.fork(), admin.id)).enrolled).toBe(false);

    await enrol(admin);
    const sessionId = await signIn(admin);
    const root = await createAdmin('super_admin');
    await orm.em.fork().transactional((tx) => resetAdminMfa(tx, admin.id, audit(root.id)));
    expect(await getMfaStatus(orm.em.fork(), admin.id)).toEqual({ enrolled: false, recoveryCodesLeft: 0 });
    const [state] = await orm.em
      .fork()
      .execute<Array<{ revoked: boolean }>>(`SELECT revoked_at IS NOT NULL AS revoked FROM admin_sessions WHERE id = ?`, [sessionId]);
    expect(state.revoked).toBe(true);
    const actions = (await auditActions(admin.id)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['MFA_ENROLLED', 'MFA_DISABLED', 'MFA_RESET']));
  });
});
