import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '@/lib/auth/permissions';

const p = defineEntity.properties;

/** A grid's named URL state; see Migration20261205040000SavedViews for the rules the database keeps. */
export const SavedView = defineEntity({
  name: 'SavedView',
  tableName: 'saved_views',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    ownerId: p.uuid(),
    grid: p.string().length(40),
    name: p.string().length(80),
    state: p.text(),
    sharedWithRole: p.enum([...ROLES]).nullable(),
    isDefault: p.boolean().default(false),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type SavedViewEntity = InferEntity<typeof SavedView>;
