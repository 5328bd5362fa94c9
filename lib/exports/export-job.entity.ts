import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { EXPORT_FORMATS } from './export.schemas';
import { ExportSchedule } from './export-schedule.entity';

const p = defineEntity.properties;

export const EXPORT_JOB_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'expired'] as const;
export type ExportJobState = (typeof EXPORT_JOB_STATES)[number];

/**
 * One export of a grid and its provenance (decisions 049, 068): streamed exports go `running` →
 * `completed` | `failed` | `cancelled`; background ones start `queued` and keep their file until it
 * `expired` (the row and its SHA-256 stay). The app role may not delete these rows.
 */
export const ExportJob = defineEntity({
  name: 'ExportJob',
  tableName: 'export_jobs',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    requestedBy: p
      .manyToOne(AdminUser)
      .fieldName('requested_by')
      .mapToPk()
      .foreignKeyName('export_jobs_requested_by_fkey')
      .updateRule('no action')
      .deleteRule('set null')
      .nullable(),
    requestedByLabel: p.string().length(254),
    grid: p.string().length(40),
    format: p.enum([...EXPORT_FORMATS]).columnType('varchar(10)'),
    filter: p.json<Record<string, string>>(),
    filterText: p.text(),
    sort: p.text(),
    columns: p.json<string[]>(),
    hasPersonalData: p.boolean().default(false),
    unmaskedPii: p.boolean().default(false),
    reason: p.string().length(500).nullable(),
    state: p
      .enum([...EXPORT_JOB_STATES])
      .columnType('varchar(12)')
      .default('running'),
    rowCount: p.bigint('number').nullable(),
    sizeBytes: p.bigint('number').nullable(),
    sha256: p.character().length(64).nullable(),
    error: p.text().nullable(),
    startedAt: p.datetime().defaultRaw('now()'),
    finishedAt: p.datetime().nullable(),
    isBackground: p.boolean().default(false),
    schedule: p
      .manyToOne(ExportSchedule)
      .fieldName('schedule_id')
      .mapToPk()
      .foreignKeyName('export_jobs_schedule_id_fkey')
      .updateRule('no action')
      .deleteRule('set null')
      .nullable(),
    expectedRows: p.bigint('number').nullable(),
    progressRows: p.bigint('number').default(0),
    filePath: p.text().nullable(),
    expiresAt: p.datetime().nullable(),
    queuedAt: p.datetime().nullable(),
  },
  checks: [
    { name: 'export_jobs_grid_check', expression: `(grid)::text ~ '^[a-z][a-z0-9-]*$'::text` },
    { name: 'export_jobs_sha256_check', expression: `sha256 ~ '^[0-9a-f]{64}$'::text` },
    { name: 'export_jobs_reason_for_personal_data', expression: `(NOT has_personal_data) OR (reason IS NOT NULL)` },
    { name: 'export_jobs_unmasked_pii_is_personal', expression: `(NOT unmasked_pii) OR has_personal_data` },
    {
      name: 'export_jobs_completed_has_hash',
      expression: `((state)::text <> ALL ((ARRAY['completed'::character varying, 'expired'::character varying])::text[])) OR ((sha256 IS NOT NULL) AND (row_count IS NOT NULL) AND (size_bytes IS NOT NULL))`,
    },
  ],
  indexes: [
    { name: 'export_jobs_started_idx', expression: 'CREATE INDEX export_jobs_started_idx ON export_jobs (started_at DESC, id DESC)' },
    { name: 'export_jobs_requester_idx', expression: 'CREATE INDEX export_jobs_requester_idx ON export_jobs (requested_by, started_at DESC, id DESC)' },
    { name: 'export_jobs_sha256_idx', expression: 'CREATE INDEX export_jobs_sha256_idx ON export_jobs (sha256) WHERE sha256 IS NOT NULL' },
    {
      name: 'export_jobs_expires_idx',
      expression: `CREATE INDEX export_jobs_expires_idx ON export_jobs (expires_at) WHERE state = 'completed' AND expires_at IS NOT NULL`,
    },
    {
      name: 'export_jobs_schedule_idx',
      expression: 'CREATE INDEX export_jobs_schedule_idx ON export_jobs (schedule_id, started_at DESC) WHERE schedule_id IS NOT NULL',
    },
  ],
});

export type ExportJobEntity = InferEntity<typeof ExportJob>;
