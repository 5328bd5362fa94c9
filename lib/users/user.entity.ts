import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { identityHashReference } from '@/lib/identities/identity.entity';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** The registry (wallet-db.json): one row per registered identity, keyed by its identity hash. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    ...legacyRecordProperties('users', 'wallet-db'),
    walletAddress: p.text().nullable(),
    identityHash: identityHashReference('users').generated('(legacy_key) stored').nullable(),
  },
  indexes: [{ name: 'users_wallet_address_idx', expression: 'CREATE INDEX users_wallet_address_idx ON users (lower(wallet_address))' }],
});

export type UserEntity = InferEntity<typeof User>;
