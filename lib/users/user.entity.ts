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
  indexes: [
    { name: 'users_wallet_address_idx', expression: 'CREATE INDEX users_wallet_address_idx ON users (lower(wallet_address))' },
    // List-query indexes (migration ListQueryIndexes, decision 039).
    { name: 'users_wallet_address_trgm_idx', expression: 'CREATE INDEX users_wallet_address_trgm_idx ON users USING gin (wallet_address gin_trgm_ops)' },
    { name: 'users_identity_hash_prefix_idx', expression: 'CREATE INDEX users_identity_hash_prefix_idx ON users (identity_hash text_pattern_ops)' },
    { name: 'users_position_id_idx', expression: 'CREATE INDEX users_position_id_idx ON users (legacy_position, id)' },
    { name: 'users_wallet_address_id_idx', expression: 'CREATE INDEX users_wallet_address_id_idx ON users (wallet_address, id)' },
  ],
});

export type UserEntity = InferEntity<typeof User>;
