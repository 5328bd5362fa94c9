'use server';

import { adminAction } from '@/lib/action';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import { createSavedViewSchema, deleteSavedViewSchema } from '@/lib/saved-views/saved-view.schemas';
import { createSavedView, deleteSavedView } from '@/lib/saved-views/saved-view.service';

// Every admin reaches the wrapper; the service checks the grid's own permission and the view's owner.
export const createSavedViewAction = adminAction<typeof createSavedViewSchema, SavedViewDto>(
  { permission: 'dashboard:read', schema: createSavedViewSchema },
  async ({ input, actor, em }) => {
    const view = await createSavedView(em, actor, input);
    return { ok: true, message: `Saved “${view.name}”.`, data: view };
  },
);

export const deleteSavedViewAction = adminAction({ permission: 'dashboard:read', schema: deleteSavedViewSchema }, async ({ input, actor, em }) => {
  await deleteSavedView(em, actor, input);
  return { ok: true, message: 'View deleted.' };
});
