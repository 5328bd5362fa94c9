import type { Role } from '@/lib/auth/permissions';
import type { SavedViewEntity } from './saved-view.entity';

export type SavedViewDto = {
  id: string;
  name: string;
  /** The URL query the view opens (`q=…&sort=…`). */
  state: string;
  sharedWithRole: Role | null;
  isDefault: boolean;
  /** Only the owner may rename, re-share or delete it. */
  isOwn: boolean;
  ownerLabel: string;
};

export function toSavedViewDto(view: SavedViewEntity, actorId: string, ownerLabel: string): SavedViewDto {
  return {
    id: view.id,
    name: view.name,
    state: view.state,
    sharedWithRole: view.sharedWithRole ?? null,
    isDefault: view.isDefault,
    isOwn: view.ownerId === actorId,
    ownerLabel,
  };
}
