import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@/lib/auth/permissions';
import { SavedView, type SavedViewEntity } from './saved-view.entity';

export type VisibleSavedView = { view: SavedViewEntity; ownerLabel: string };

/** The views an admin may open on a grid: their own, and those shared with their role (owners still active). */
export async function findVisibleSavedViews(
  em: EntityManager,
  { grid, actorId, role }: { grid: string; actorId: string; role: Role },
): Promise<VisibleSavedView[]> {
  const rows = await em.execute<Array<{ id: string; owner_label: string }>>(
    `SELECT v.id, coalesce(nullif(a.name, ''), a.email) AS owner_label
       FROM saved_views v JOIN admin_users a ON a.id = v.owner_id
      WHERE v.grid = ? AND (v.owner_id = ? OR (v.shared_with_role = ? AND a.is_active))
      ORDER BY (v.owner_id = ?) DESC, lower(v.name), v.id`,
    [grid, actorId, role, actorId],
  );
  if (rows.length === 0) return [];
  const views = await em.find(SavedView, { id: { $in: rows.map((row) => row.id) } });
  const byId = new Map(views.map((view) => [view.id, view]));
  return rows.map((row) => ({ view: byId.get(row.id)!, ownerLabel: row.owner_label }));
}

export function findSavedViewById(em: EntityManager, id: string): Promise<SavedViewEntity | null> {
  return em.findOne(SavedView, { id });
}

/** Clears the owner's current default on a grid (the partial unique index allows one). */
export async function clearDefaultSavedView(em: EntityManager, { ownerId, grid }: { ownerId: string; grid: string }): Promise<void> {
  await em.nativeUpdate(SavedView, { ownerId, grid, isDefault: true }, { isDefault: false });
}
