import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { recurringJobs } from '@/lib/jobs/recurring-jobs';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { createAdminSession } from './admin-session.repository';
import { adminSessionPurgeJob, purgeEndedAdminSessions } from './admin-session-purge.job';

let app: MikroORM;
beforeAll(async () => {
  app = await useTestOrm('app');
});

/** A session whose timestamps are moved back by the given SQL intervals (the app role may not choose them; the owner may). */
async function sessionAged(adminId: string, times: { created: string; lastSeen: string; revoked?: string }): Promise<string> {
  const id = await createAdminSession(app.em.fork(), adminId, { ip: null, userAgent: 'vitest' });
  await (
    await ownerEm()
  ).execute(
    `UPDATE admin_sessions SET created_at = now() - ?::interval, authenticated_at = now() - ?::interval, last_seen_at = now() - ?::interval,
            revoked_at = CASE WHEN ?::text IS NULL THEN NULL ELSE now() - ?::interval END WHERE id = ?`,
    [times.created, times.created, times.lastSeen, times.revoked ?? null, times.revoked ?? null, id],
  );
  return id;
}

describe('purging ended admin sessions', () => {
  it('deletes sessions ended more than 30 days ago, on the app login, and keeps recent and live ones', async () => {
    const em = app.em.fork();
    const admin = em.create(AdminUser, { email: randomEmail('purge'), name: 'Purge test', role: 'viewer', passwordHash: 'x' });
    await em.flush();
    const signedOutLongAgo = await sessionAged(admin.id, { created: '40 days', lastSeen: '40 days', revoked: '31 days' });
    const expiredLongAgo = await sessionAged(admin.id, { created: '32 days', lastSeen: '32 days' });
    const signedOutRecently = await sessionAged(admin.id, { created: '40 days', lastSeen: '40 days', revoked: '29 days' });
    const idleRecently = await sessionAged(admin.id, { created: '29 days', lastSeen: '29 days' });
    const live = await sessionAged(admin.id, { created: '1 hour', lastSeen: '1 minute' });

    expect(await purgeEndedAdminSessions(app.em.fork())).toBeGreaterThanOrEqual(2);
    const left = await app.em.fork().execute<Array<{ id: string }>>(`SELECT id FROM admin_sessions WHERE admin_id = ? ORDER BY created_at`, [admin.id]);
    expect(left.map((row) => row.id).sort()).toEqual([signedOutRecently, idleRecently, live].sort());
    expect(left.map((row) => row.id)).not.toContain(signedOutLongAgo);
    expect(left.map((row) => row.id)).not.toContain(expiredLongAgo);
  });

  it('is a recurring job the runner schedules', async () => {
    expect(recurringJobs).toContain(adminSessionPurgeJob);
    const lines: string[] = [];
    await adminSessionPurgeJob.run({ orm: app, log: (line) => lines.push(line) });
    expect(lines).toEqual([expect.stringMatching(/^admin-sessions\.purge: deleted \d+ session rows/)]);
  });
});
