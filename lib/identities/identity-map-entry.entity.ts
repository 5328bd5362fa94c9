import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { identityHashReference } from './identity.entity';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** The chain's view of one identity (identity-map.json, keyed by identity hash): wallet, masked phone, tier 0–5. */
export const IdentityMapEntry = defineEntity({
  name: 'IdentityMapEntry',
  tableName: 'identity_map',
  properties: {
    ...legacyRecordProperties('identity_map', 'identity-map'),
    walletAddress: p.text().nullable(),
    // The legacy mask, encrypted; `maskedPhone` holds the short mask (decision 052).
    maskedPhoneEncrypted: p.blob().nullable().hidden(),
    maskedPhoneKeyId: p.text().nullable().hidden(),
    maskedPhone: p.text().nullable(),
    phoneHash: p.text().nullable(),
    tier: p.integer().nullable(),
    identityHash: identityHashReference('identity_map').generated('(legacy_key) stored').nullable(),
  },
  checks: [{ name: 'identity_map_tier_check', expression: 'tier >= 0 AND tier <= 5' }],
  indexes: [
    { name: 'identity_map_identity_hash_idx', properties: ['identityHash'] },
    { name: 'identity_map_wallet_address_idx', expression: 'CREATE INDEX identity_map_wallet_address_idx ON identity_map (lower(wallet_address))' },
    { name: 'identity_map_phone_hash_idx', properties: ['phoneHash'] },
    { name: 'identity_map_tier_idx', properties: ['tier'] },
  ],
});

export type IdentityMapEntryEntity = InferEntity<typeof IdentityMapEntry>;
