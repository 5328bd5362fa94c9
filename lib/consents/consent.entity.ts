import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { identityHashReference } from '@/lib/identities/identity.entity';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** The consent records of one identity (consents-db.json, keyed by identity hash). */
export const Consent = defineEntity({
  name: 'Consent',
  tableName: 'consents',
  properties: {
    ...legacyRecordProperties('consents', 'consents-db'),
    consentRecords: p.json<unknown>().nullable(),
    identityHash: identityHashReference('consents').generated('(legacy_key) stored').nullable(),
  },
  indexes: [{ name: 'consents_identity_hash_idx', properties: ['identityHash'] }],
});

export type ConsentEntity = InferEntity<typeof Consent>;
