import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { Role } from '@/lib/auth/permissions';
import { useTestOrm, randomEmail } from '@/lib/testing/test-orm';
import { createSavedViewSchema, updateSavedViewSchema } from './saved-view.schemas';
import { createSavedView, deleteSavedView, findDefaultSavedView, findSavedViews, updateSavedView } from './saved-view.service';

type Actor = { id: string; email: string; name: string; role: Role };
let orm: MikroORM;

beforeAll(async () => {
  orm = await useTestOrm();
});

async function newAdmin(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(orm.em.fork(), { email: randomEmail(role), name: `${role} admin`, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

const create = (actor: Actor, input: Record<string, string>) =>
  createSavedView(orm.em.fork(), actor, createSavedViewSchema.parse({ grid: 'audit', state: 'sort=seq.desc', ...input }));

describe('saved views', () => {
  it('a view shared with a role appears for another admin of that role and not for an admin of another role', async () => {
    const [owner, sameRole, otherRole] = [await newAdmin('auditor'), await newAdmin('auditor'), await newAdmin('super_admin')];
    const shared = await create(owner, { name: 'Logins this week', sharedWithRole: 'auditor', state: 'action=LOGIN&q=x' });
    const secret = await create(owner, { name: 'Mine only' });

    // Other tests' auditors share views too: look only at this owner's.
    const ours = (views: { id: string }[]) => views.map((view) => view.id).filter((id) => id === shared.id || id === secret.id);
    const forSameRole = await findSavedViews(orm.em.fork(), sameRole, { grid: 'audit' });
    expect(ours(forSameRole)).toEqual([shared.id]);
    expect(forSameRole.find((view) => view.id === shared.id)).toMatchObject({ isOwn: false, ownerLabel: 'auditor admin', state: 'action=LOGIN&q=x' });
    expect(ours(await findSavedViews(orm.em.fork(), otherRole, { grid: 'audit' }))).toEqual([]);
    const forOwner = await findSavedViews(orm.em.fork(), owner, { grid: 'audit' });
    expect(forOwner.map((view) => view.id).sort()).toEqual([shared.id, secret.id].sort());
    expect(forOwner.every((view) => view.isOwn)).toBe(true);
    expect(await findSavedViews(orm.em.fork(), owner, { grid: 'migration-runs' })).toEqual([]);
  });

  it('only the owner edits or deletes a view; another admin gets FORBIDDEN when it is shared with them, NOT_FOUND when it is not', async () => {
    const [owner, sameRole, otherRole] = [await newAdmin('auditor'), await newAdmin('auditor'), await newAdmin('super_admin')];
    const view = await create(owner, { name: 'Shared', sharedWithRole: 'auditor' });
    const edit = updateSavedViewSchema.parse({ id: view.id, name: 'Hijacked', state: '' });
    await expect(updateSavedView(orm.em.fork(), sameRole, edit)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteSavedView(orm.em.fork(), sameRole, { id: view.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteSavedView(orm.em.fork(), otherRole, { id: view.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const sharedOne = async () => (await findSavedViews(orm.em.fork(), sameRole, { grid: 'audit' })).find((found) => found.id === view.id);
    expect((await sharedOne())?.name).toBe('Shared');

    await updateSavedView(orm.em.fork(), owner, updateSavedViewSchema.parse({ id: view.id, name: 'Private now', state: 'q=a' }));
    expect(await sharedOne()).toBeUndefined();
    await deleteSavedView(orm.em.fork(), owner, { id: view.id });
    expect((await findSavedViews(orm.em.fork(), owner, { grid: 'audit' })).filter((found) => found.isOwn)).toEqual([]);
  });

  it('keeps one default per admin and grid: a new default replaces the old one', async () => {
    const owner = await newAdmin('super_admin');
    const first = await create(owner, { name: 'First', isDefault: 'true' });
    await create(owner, { name: 'Runs default', isDefault: 'true', grid: 'migration-runs' });
    expect((await findDefaultSavedView(orm.em.fork(), owner, 'audit'))?.id).toBe(first.id);
    const second = await create(owner, { name: 'Second', isDefault: 'true' });
    expect((await findDefaultSavedView(orm.em.fork(), owner, 'audit'))?.id).toBe(second.id);
    await updateSavedView(orm.em.fork(), owner, updateSavedViewSchema.parse({ id: first.id, name: 'First', state: '', isDefault: 'true' }));
    const views = await findSavedViews(orm.em.fork(), owner, { grid: 'audit' });
    expect(views.filter((view) => view.isDefault).map((view) => view.id)).toEqual([first.id]);
    expect((await findDefaultSavedView(orm.em.fork(), owner, 'migration-runs'))?.name).toBe('Runs default');
  });

  it('refuses a second view with the same name on the same grid, and the database refuses a second default', async () => {
    const owner = await newAdmin('auditor');
    await create(owner, { name: 'Same' });
    await expect(create(owner, { name: 'Same' })).rejects.toMatchObject({ code: 'CONFLICT', fieldErrors: { name: expect.any(Array) } });
    await create(owner, { name: 'Same', grid: 'migration-runs' });
    await orm.em.fork().execute(`INSERT INTO saved_views (owner_id, grid, name, state, is_default) VALUES (?, 'audit', 'a', '', true)`, [owner.id]);
    await expect(
      orm.em.fork().execute(`INSERT INTO saved_views (owner_id, grid, name, state, is_default) VALUES (?, 'audit', 'b', '', true)`, [owner.id]),
    ).rejects.toThrow(/saved_views_one_default_idx/);
  });

  it('keeps a grid’s views from a role that may not open the grid, even when shared with that role', async () => {
    const [owner, viewer] = [await newAdmin('super_admin'), await newAdmin('viewer')];
    await create(owner, { name: 'For viewers', sharedWithRole: 'viewer' });
    await expect(findSavedViews(orm.em.fork(), viewer, { grid: 'audit' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(create(viewer, { name: 'Mine' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('saves the view without its page position, so opening it starts at the first page', () => {
    const input = createSavedViewSchema.parse({ grid: 'audit', name: 'x', state: '?sort=seq.asc&cursor=abc&direction=prev&q=login' });
    expect(input.state).toBe('q=login&sort=seq.asc');
    expect(createSavedViewSchema.safeParse({ grid: 'nope', name: 'x', state: '' }).success).toBe(false);
  });
});
