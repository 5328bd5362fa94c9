import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** One entry of the legacy server's admin log (admin-logs.json); the app's own trail is `audit_trail`. */
export const LegacyAdminLogEntry = defineEntity({
  name: 'LegacyAdminLogEntry',
  tableName: 'legacy_admin_logs',
  properties: {
    ...legacyRecordProperties('legacy_admin_logs', 'admin-logs'),
    loggedAt: p.datetime().nullable(),
    action: p.text().nullable(),
    entryType: p.text().nullable(),
    data: p.json<Record<string, unknown>>().nullable(),
  },
  checks: [{ name: 'legacy_admin_logs_data_check', expression: `jsonb_typeof(data) = 'object'` }],
  indexes: [
    { name: 'legacy_admin_logs_logged_at_idx', expression: 'CREATE INDEX legacy_admin_logs_logged_at_idx ON legacy_admin_logs (logged_at DESC)' },
    { name: 'legacy_admin_logs_action_idx', expression: 'CREATE INDEX legacy_admin_logs_action_idx ON legacy_admin_logs (action, logged_at DESC)' },
    {
      name: 'legacy_admin_logs_resource_idx',
      expression: `CREATE INDEX legacy_admin_logs_resource_idx ON legacy_admin_logs ((data ->> 'id')) WHERE data ? 'id'`,
    },
  ],
});

export type LegacyAdminLogEntryEntity = InferEntity<typeof LegacyAdminLogEntry>;
