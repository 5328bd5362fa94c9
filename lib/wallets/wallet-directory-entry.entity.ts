import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { identityHashReference } from '@/lib/identities/identity.entity';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/**
 * One wallet of the explorer's directory (wallets-directory.json). The full phone number exists only
 * encrypted (`fullPhoneEncrypted` under `fullPhoneKeyId`), with a keyed blind index (`fullPhoneHmac`) for
 * lookups, a mask (country code and last two digits) for display and keyed tokens of the last four and
 * leading digits for partial search; none of them is served as a number (decisions 005, 052).
 */
export const WalletDirectoryEntry = defineEntity({
  name: 'WalletDirectoryEntry',
  tableName: 'wallet_directory',
  properties: {
    ...legacyRecordProperties('wallet_directory', 'wallets-directory'),
    identityHash: identityHashReference('wallet_directory').nullable(),
    walletAddress: p.text(),
    phoneHash: p.text().nullable(),
    // The legacy mask, encrypted; `maskedPhone` holds the short mask (decision 052).
    maskedPhoneEncrypted: p.blob().nullable().hidden(),
    maskedPhoneKeyId: p.text().nullable().hidden(),
    maskedPhone: p.text().nullable(),
    fullPhoneEncrypted: p.blob().nullable().hidden(),
    fullPhoneKeyId: p.text().nullable().hidden(),
    fullPhoneHmac: p.blob().nullable().hidden(),
    fullPhoneMasked: p.text().nullable(),
    fullPhoneLast4Token: p.blob().fieldName('full_phone_last4_token').nullable().hidden(),
    fullPhonePrefixTokens: p.type('unknown').columnType('bytea[]').nullable().hidden(),
    phoneRegisteredAt: p.datetime().nullable(),
    phoneBlockNumber: p.bigint('number').nullable(),
    phoneTxHash: p.text().nullable(),
    createdAt: p.datetime().nullable(),
    createdBlock: p.bigint('number').nullable(),
    creationTxHash: p.text().nullable(),
    balanceEgp: p.decimal('string').nullable(),
    balanceHvt: p.decimal('string').nullable(),
    identity: p.json<Record<string, unknown>>().nullable(),
    realPhoneNumber: p.boolean().nullable(),
    lastUpdatedAt: p.datetime().nullable(),
  },
  checks: [
    { name: 'wallet_directory_full_phone_check', expression: '(full_phone_encrypted IS NULL) = (full_phone_key_id IS NULL)' },
    { name: 'wallet_directory_identity_check', expression: `jsonb_typeof(identity) = 'object'` },
  ],
  indexes: [
    { name: 'wallet_directory_identity_hash_idx', properties: ['identityHash'] },
    { name: 'wallet_directory_wallet_address_idx', expression: 'CREATE INDEX wallet_directory_wallet_address_idx ON wallet_directory (lower(wallet_address))' },
    { name: 'wallet_directory_phone_hash_idx', properties: ['phoneHash'] },
    {
      name: 'wallet_directory_full_phone_hmac_idx',
      expression: 'CREATE INDEX wallet_directory_full_phone_hmac_idx ON wallet_directory (full_phone_hmac) WHERE full_phone_hmac IS NOT NULL',
    },
    // Phone search tokens (migration PhoneSearchTokens, decision 052).
    {
      name: 'wallet_directory_full_phone_last4_token_idx',
      expression:
        'CREATE INDEX wallet_directory_full_phone_last4_token_idx ON wallet_directory (full_phone_last4_token) WHERE full_phone_last4_token IS NOT NULL',
    },
    {
      name: 'wallet_directory_full_phone_prefix_tokens_idx',
      expression:
        'CREATE INDEX wallet_directory_full_phone_prefix_tokens_idx ON wallet_directory USING gin (full_phone_prefix_tokens) WHERE full_phone_prefix_tokens IS NOT NULL',
    },
    { name: 'wallet_directory_created_at_idx', expression: 'CREATE INDEX wallet_directory_created_at_idx ON wallet_directory (created_at DESC)' },
    // List-query indexes (migration ListQueryIndexes, decision 039).
    { name: 'wallet_directory_created_id_idx', expression: 'CREATE INDEX wallet_directory_created_id_idx ON wallet_directory (created_at, id)' },
    {
      name: 'wallet_directory_wallet_address_trgm_idx',
      expression: 'CREATE INDEX wallet_directory_wallet_address_trgm_idx ON wallet_directory USING gin (wallet_address gin_trgm_ops)',
    },
  ],
});

export type WalletDirectoryEntryEntity = InferEntity<typeof WalletDirectoryEntry>;
