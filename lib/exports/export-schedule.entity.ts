import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { EXPORT_FORMATS } from './export.schemas';

const p = defineEntity.properties;

/** An export that runs on a cron in a time zone, as its owner (decision 068); each run is an `export_jobs` row. */
export const ExportSchedule = defineEntity({
  name: 'ExportSchedule',
  tableName: 'export_schedules',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    owner: p
      .manyToOne(AdminUser)
      .fieldName('owner_id')
      .mapToPk()
      .foreignKeyName('export_schedules_owner_id_fkey')
      .updateRule('no action')
      .deleteRule('cascade'),
    ownerLabel: p.string().length(254),
    name: p.string().length(120),
    grid: p.string().length(40),
    savedViewId: p.uuid().nullable(),
    /** The grid's URL parameters (filter, search, sort, columns) the export runs with. */
    params: p.json<Record<string, string>>(),
    format: p.enum([...EXPORT_FORMATS]).columnType('varchar(10)'),
    cron: p.string().length(120),
    timeZone: p.string().length(64),
    reason: p.string().length(500),
    isPaused: p.boolean().default(false),
    nextRunAt: p.datetime().nullable(),
    lastRunAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
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
  indexes: [{ name: 'export_schedules_owner_idx', properties: ['owner'] }],
});

export type ExportScheduleEntity = InferEntity<typeof ExportSchedule>;
