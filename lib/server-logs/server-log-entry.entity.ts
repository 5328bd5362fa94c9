import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** One entry of the legacy server's own log (server-logs.json). */
export const ServerLogEntry = defineEntity({
  name: 'ServerLogEntry',
  tableName: 'server_logs',
  properties: {
    ...legacyRecordProperties('server_logs', 'server-logs'),
    loggedAt: p.datetime().nullable(),
    type: p.text().nullable(),
    data: p.json<Record<string, unknown>>().nullable(),
  },
  checks: [{ name: 'server_logs_data_check', expression: `jsonb_typeof(data) = 'object'` }],
  indexes: [
    { name: 'server_logs_logged_at_idx', expression: 'CREATE INDEX server_logs_logged_at_idx ON server_logs (logged_at DESC)' },
    { name: 'server_logs_type_idx', expression: 'CREATE INDEX server_logs_type_idx ON server_logs (type, logged_at DESC)' },
    // The entries of one identity or one of its transactions, for the user page (migration UserPage, decision 054).
    {
      name: 'server_logs_identity_hash_idx',
      expression: `CREATE INDEX server_logs_identity_hash_idx ON server_logs ((data ->> 'identityHash'))`,
    },
    { name: 'server_logs_tx_hash_idx', expression: `CREATE INDEX server_logs_tx_hash_idx ON server_logs ((data ->> 'txHash'))` },
  ],
});

export type ServerLogEntryEntity = InferEntity<typeof ServerLogEntry>;
