import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { Role } from '@/lib/auth/permissions';
import { toAppError } from '@/lib/errors';
import { createSavedViewSchema } from '@/lib/saved-views/saved-view.schemas';
import { createSavedView } from '@/lib/saved-views/saved-view.service';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { exportScheduleSchema } from './export-schedule.schemas';
import { createExportSchedule } from './export-schedule.service';

let orm: MikroORM;

beforeAll(async () => {
  orm = await useTestOrm();
});

afterAll(async () => {
  const { jobSender } = await import('@/lib/jobs/send-job');
  await (await jobSender()).stop({ graceful: false });
});

async function newActor(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(orm.em.fork(), { email: randomEmail(role), name: `${role} admin`, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

const schedule = (actor: Actor, fields: Record<string, string>) =>
  createExportSchedule(orm.em.fork(), {
    actor,
    audit: { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' },
    input: exportScheduleSchema.parse({
      name: 'From a view',
      grid: 'audit',
      query: '',
      format: 'csv',
      cron: '0 6 * * 1',
      timeZone: 'Africa/Cairo',
      reason: 'Weekly review',
      ...fields,
    }),
  });

describe('a schedule made from a saved view', () => {
  it('runs the view’s state as the server holds it, whatever query the form sent, and keeps the view’s id', async () => {
    const auditor = await newActor('auditor');
    const view = await createSavedView(
      orm.em.fork(),
      auditor,
      createSavedViewSchema.parse({ grid: 'audit', name: 'Logins', state: 'action=LOGIN&columns=seq,actor,action&sort=seq.desc', isDefault: 'false' }),
    );
    const created = await schedule(auditor, { savedViewId: view.id, query: 'action=DELETE' });
    expect(new URLSearchParams(created.query).get('action')).toBe('LOGIN');
    expect(new URLSearchParams(created.query).get('columns')).toBe('seq,actor,action');
    const [row] = await orm.em.fork().execute<Array<{ saved_view_id: string }>>(`SELECT saved_view_id FROM export_schedules WHERE id = ?`, [created.id]);
    expect(row.saved_view_id).toBe(view.id);
  });

  it('refuses another admin’s private view and a view of another grid', async () => {
    const owner = await newActor('auditor');
    const other = await newActor('auditor');
    const view = await createSavedView(
      orm.em.fork(),
      owner,
      createSavedViewSchema.parse({ grid: 'audit', name: 'Private', state: 'action=LOGIN', isDefault: 'false' }),
    );
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => toAppError(error)?.code,
      );
    expect(await codeOf(schedule(other, { savedViewId: view.id }))).toBe('NOT_FOUND');
    expect(await codeOf(schedule(owner, { savedViewId: view.id, grid: 'users' }))).toBe('NOT_FOUND');
  });
});
