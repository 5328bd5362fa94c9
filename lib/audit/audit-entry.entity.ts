import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { AUDIT_SOURCES } from './audit-context';

const p = defineEntity.properties;

/**
 * Rows are written only by the database (the `audit_trail_chain` trigger computes seq and hashes);
 * the application inserts events through `recordAuditEvent` and never updates or deletes.
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_trail',
  readonly: true,
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    seq: p.bigint('number').unique('audit_trail_seq_key'),
    tableName: p.string().length(50),
    recordId: p.string().length(255),
    action: p.string().length(20),
    oldValues: p.json<Record<string, unknown>>().nullable(),
    newValues: p.json<Record<string, unknown>>().nullable(),
    changedBy: p
      .manyToOne(AdminUser)
      .fieldName('changed_by')
      .mapToPk()
      .foreignKeyName('audit_trail_changed_by_fkey')
      .updateRule('no action')
      .deleteRule('no action')
      .nullable(),
    actorLabel: p.string().length(254).nullable(),
    source: p
      .enum([...AUDIT_SOURCES])
      .columnType('varchar(20)')
      .default('system'),
    changedAt: p.datetime().defaultRaw('now()'),
    ipAddress: p.string().columnType('inet').nullable(),
    userAgent: p.text().nullable(),
    prevHash: p.character().length(64),
    rowHash: p.character().length(64).unique('audit_trail_row_hash_key'),
  },
  indexes: [
    { name: 'audit_trail_changed_at_idx', expression: 'CREATE INDEX audit_trail_changed_at_idx ON audit_trail (changed_at DESC)' },
    { name: 'audit_trail_table_idx', expression: 'CREATE INDEX audit_trail_table_idx ON audit_trail (table_name, changed_at DESC)' },
    { name: 'audit_trail_actor_idx', expression: 'CREATE INDEX audit_trail_actor_idx ON audit_trail (changed_by, changed_at DESC)' },
    { name: 'audit_trail_action_idx', expression: 'CREATE INDEX audit_trail_action_idx ON audit_trail (action, changed_at DESC)' },
    { name: 'audit_trail_record_idx', properties: ['tableName', 'recordId'] },
  ],
});

export type AuditEntryEntity = InferEntity<typeof AuditEntry>;
