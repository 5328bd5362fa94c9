import type { EntityManager } from '@mikro-orm/postgresql';
import { hasPermission, type Role } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { toSavedViewDto, type SavedViewDto } from './saved-view.dto';
import { SavedView, type SavedViewEntity } from './saved-view.entity';
import { clearDefaultSavedView, findSavedViewById, findVisibleSavedViews } from './saved-view.repository';
import {
  SAVED_VIEW_GRID_PERMISSIONS,
  type CreateSavedViewInput,
  type DeleteSavedViewInput,
  type FindSavedViewsInput,
  type SavedViewGrid,
  type UpdateSavedViewInput,
} from './saved-view.schemas';

type Actor = { id: string; email: string; name: string; role: Role };

const ownerLabelOf = (actor: Actor) => actor.name || actor.email;

/** Views of a grid are for those who may open the grid's page: a view shared with a role does not widen it. */
function assertMayUseGrid(actor: Actor, grid: string): void {
  const permission = SAVED_VIEW_GRID_PERMISSIONS[grid as SavedViewGrid];
  if (!permission || !hasPermission(actor.role, permission)) throw new AppError('FORBIDDEN', 'Your role does not give access to this grid.');
}

/** Own views first, then those shared with the actor's role; another role's or another admin's private views never appear. */
export async function findSavedViews(em: EntityManager, actor: Actor, input: FindSavedViewsInput): Promise<SavedViewDto[]> {
  assertMayUseGrid(actor, input.grid);
  const visible = await findVisibleSavedViews(em, { grid: input.grid, actorId: actor.id, role: actor.role });
  return visible.map(({ view, ownerLabel }) => toSavedViewDto(view, actor.id, ownerLabel));
}

/**
 * A view the actor owns. A view they cannot see is NOT_FOUND (its existence is not revealed); one shared
 * with them but owned by someone else is FORBIDDEN: only the owner edits or deletes it.
 */
export async function getOwnSavedViewOrThrow(em: EntityManager, actor: Actor, id: string): Promise<SavedViewEntity> {
  const view = await findSavedViewById(em, id);
  if (!view || (view.ownerId !== actor.id && view.sharedWithRole !== actor.role)) throw new AppError('NOT_FOUND', 'Saved view not found.');
  if (view.ownerId !== actor.id) throw new AppError('FORBIDDEN', 'Only the admin who saved this view can change or delete it.');
  return view;
}

async function assertNameFree(em: EntityManager, { ownerId, grid, name, exceptId }: { ownerId: string; grid: string; name: string; exceptId?: string }) {
  const taken = await em.count(SavedView, { ownerId, grid, name, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (taken) throw new AppError('CONFLICT', 'You already have a view with this name.', { name: ['You already have a view with this name on this grid.'] });
}

export async function createSavedView(em: EntityManager, actor: Actor, input: CreateSavedViewInput): Promise<SavedViewDto> {
  assertMayUseGrid(actor, input.grid);
  await assertNameFree(em, { ownerId: actor.id, grid: input.grid, name: input.name });
  if (input.isDefault) await clearDefaultSavedView(em, { ownerId: actor.id, grid: input.grid });
  const view = em.create(SavedView, { ...input, ownerId: actor.id });
  await em.flush();
  return toSavedViewDto(view, actor.id, ownerLabelOf(actor));
}

export async function updateSavedView(em: EntityManager, actor: Actor, input: UpdateSavedViewInput): Promise<SavedViewDto> {
  const view = await getOwnSavedViewOrThrow(em, actor, input.id);
  await assertNameFree(em, { ownerId: actor.id, grid: view.grid, name: input.name, exceptId: view.id });
  if (input.isDefault && !view.isDefault) {
    await clearDefaultSavedView(em, { ownerId: actor.id, grid: view.grid });
    // The bulk update bypassed the identity map; the flush below must not write the stale flag back.
    await em.refresh(view);
  }
  Object.assign(view, { name: input.name, state: input.state, sharedWithRole: input.sharedWithRole, isDefault: input.isDefault });
  await em.flush();
  return toSavedViewDto(view, actor.id, ownerLabelOf(actor));
}

export async function deleteSavedView(em: EntityManager, actor: Actor, input: DeleteSavedViewInput): Promise<void> {
  const view = await getOwnSavedViewOrThrow(em, actor, input.id);
  em.remove(view);
  await em.flush();
}

/** The actor's default view on a grid, if any: the page opens it when the URL carries no state. */
export async function findDefaultSavedView(em: EntityManager, actor: Actor, grid: string): Promise<SavedViewDto | null> {
  const view = await em.findOne(SavedView, { ownerId: actor.id, grid, isDefault: true });
  return view ? toSavedViewDto(view, actor.id, ownerLabelOf(actor)) : null;
}
