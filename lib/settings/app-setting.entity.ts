import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

/** Runtime settings that change through audited admin actions (e.g. the storage mode at cut-over). */
export const AppSetting = defineEntity({
  name: 'AppSetting',
  tableName: 'app_settings',
  properties: {
    key: p.string().length(100).primary(),
    value: p.json<unknown>(),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
