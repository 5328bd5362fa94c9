import { defineEntity, type InferEntity } from '@mikro-orm/core';

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
    id: p.uuid().primary(),
    seq: p.bigint('number'),
    tableName: p.string().length(50),
    recordId: p.string().length(255),
    action: p.string().length(20),
    oldValues: p.json<Record<string, unknown>>().nullable(),
    newValues: p.json<Record<string, unknown>>().nullable(),
    changedBy: p.uuid().nullable(),
    actorLabel: p.string().length(254).nullable(),
    source: p.string().length(20),
    changedAt: p.datetime(),
    ipAddress: p.string().columnType('inet').nullable(),
    userAgent: p.text().nullable(),
    prevHash: p.string().length(64),
    rowHash: p.string().length(64),
  },
});

export type AuditEntryEntity = InferEntity<typeof AuditEntry>;
