import type { MikroORM } from '@mikro-orm/postgresql';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAdminSessionState, createAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { setAuditContext } from '@/lib/audit/audit-context';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { getMfaPolicy, MFA_REQUIRED_ROLES_KEY, setMfaRequiredRoles } from './mfa-policy';
import { mfaRequiredRolesSchema } from './mfa-policy.schemas';

let orm: MikroORM;
beforeAll(async () => {
  orm = await useTestOrm();
});
afterEach(async () => {
  await orm.em.fork().transactional(async (tx) => {
    await setAuditContext(tx, { source: 'cli', actorLabel: 'test clean-up' });
    await tx.execute(`DELETE FROM app_settings WHERE key = ?`, [MFA_REQUIRED_ROLES_KEY]);
  });
});

describe('the two-step sign-in policy setting', () => {
  it('always keeps super admin, whatever the form sends, and ignores what is not a ticked role', () => {
    expect(mfaRequiredRolesSchema.parse({})).toEqual(['super_admin']);
    expect(mfaRequiredRolesSchema.parse({ viewer: 'on', auditor: 'on', super_admin: '', $ACTION_ID_x: '' })).toEqual(['super_admin', 'auditor', 'viewer']);
    expect(mfaRequiredRolesSchema.safeParse({ viewer: 'yes' }).success).toBe(false);
  });

  it('is saved, audited with the admin who saved it, and sends a viewer without a second factor to enrol', async () => {
    const em = orm.em.fork();
    const viewer = em.create(AdminUser, { email: randomEmail('mfa-viewer'), name: 'Viewer', role: 'viewer', passwordHash: 'x' });
    await em.flush();
    const sessionId = await createAdminSession(orm.em.fork(), viewer.id, { ip: null, userAgent: 'vitest' });
    expect((await findAdminSessionState(orm.em.fork(), sessionId, ['super_admin']))?.mfaEnrolmentRequired).toBe(false);

    await orm.em.fork().transactional(async (tx) => {
      await setAuditContext(tx, { source: 'admin-ui', actorLabel: 'root@pend.test' });
      await setMfaRequiredRoles(tx, ['viewer']);
    });

    expect(await getMfaPolicy(orm.em.fork())).toEqual({ roles: ['super_admin', 'viewer'], source: 'setting' });
    expect((await findAdminSessionState(orm.em.fork(), sessionId, ['super_admin']))?.mfaEnrolmentRequired).toBe(true);
    const [audited] = await orm.em
      .fork()
      .execute<Array<{ actor_label: string; new_value: unknown }>>(
        `SELECT actor_label, new_values->'value' AS new_value FROM audit_trail WHERE table_name = 'app_settings' AND record_id = ? ORDER BY seq DESC LIMIT 1`,
        [MFA_REQUIRED_ROLES_KEY],
      );
    expect(audited).toEqual({ actor_label: 'root@pend.test', new_value: ['super_admin', 'viewer'] });
  });
});
