import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { identityHashReference } from '@/lib/identities/identity.entity';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/**
 * One entry of the platform's transaction log (transactions-log.json): transfers, registrations, consents.
 * The phone number exists only encrypted, with a blind index, a two-digit mask and keyed search tokens (decisions 005, 052).
 */
export const TransactionLogEntry = defineEntity({
  name: 'TransactionLogEntry',
  tableName: 'transaction_log',
  properties: {
    ...legacyRecordProperties('transaction_log', 'transactions-log', { partitioned: true }),
    legacyId: p.integer().nullable(),
    occurredAt: p.datetime().nullable(),
    type: p.text().nullable(),
    identityHash: identityHashReference('transaction_log').nullable(),
    walletAddress: p.text().nullable(),
    phoneEncrypted: p.blob().nullable().hidden(),
    phoneKeyId: p.text().nullable().hidden(),
    phoneHmac: p.blob().nullable().hidden(),
    phoneMasked: p.text().nullable(),
    phoneLast4Token: p.blob().fieldName('phone_last4_token').nullable().hidden(),
    phonePrefixTokens: p.type('unknown').columnType('bytea[]').nullable().hidden(),
    amount: p.decimal('string').nullable(),
    txHash: p.text().nullable(),
    blockNumber: p.bigint('number').nullable(),
    senderWalletAddress: p.text().nullable(),
    subType: p.text().nullable(),
    termsVersion: p.text().nullable(),
    ipAddress: p.text().nullable(),
    userAgent: p.text().nullable(),
    legalContext: p.text().nullable(),
    action: p.text().nullable(),
    consentTier: p.integer().nullable(),
    consentType: p.text().nullable(),
    consentLevel: p.text().nullable(),
    location: p.text().nullable(),
    biometricUsed: p.boolean().nullable(),
    deviceFingerprint: p.text().nullable(),
    metadata: p.json<Record<string, unknown>>().nullable(),
  },
  checks: [
    { name: 'transaction_log_phone_check', expression: '(phone_encrypted IS NULL) = (phone_key_id IS NULL)' },
    { name: 'transaction_log_metadata_check', expression: `jsonb_typeof(metadata) = 'object'` },
  ],
  indexes: [
    { name: 'transaction_log_identity_hash_idx', properties: ['identityHash'] },
    // An address's entries in time order (decision 078).
    {
      name: 'transaction_log_wallet_time_idx',
      expression: 'CREATE INDEX transaction_log_wallet_time_idx ON transaction_log (lower(wallet_address), occurred_at, id)',
    },
    {
      name: 'transaction_log_sender_time_idx',
      expression:
        'CREATE INDEX transaction_log_sender_time_idx ON transaction_log (lower(sender_wallet_address), occurred_at, id) WHERE sender_wallet_address IS NOT NULL',
    },
    { name: 'transaction_log_type_occurred_idx', expression: 'CREATE INDEX transaction_log_type_occurred_idx ON transaction_log (type, occurred_at DESC)' },
    { name: 'transaction_log_occurred_idx', expression: 'CREATE INDEX transaction_log_occurred_idx ON transaction_log (occurred_at DESC)' },
    { name: 'transaction_log_tx_hash_idx', properties: ['txHash'] },
    { name: 'transaction_log_block_number_idx', properties: ['blockNumber'] },
    {
      name: 'transaction_log_phone_hmac_idx',
      expression: 'CREATE INDEX transaction_log_phone_hmac_idx ON transaction_log (phone_hmac) WHERE phone_hmac IS NOT NULL',
    },
    // Phone search tokens (migration PhoneSearchTokens, decision 052).
    {
      name: 'transaction_log_phone_last4_token_idx',
      expression: 'CREATE INDEX transaction_log_phone_last4_token_idx ON transaction_log (phone_last4_token) WHERE phone_last4_token IS NOT NULL',
    },
    {
      name: 'transaction_log_phone_prefix_tokens_idx',
      expression:
        'CREATE INDEX transaction_log_phone_prefix_tokens_idx ON transaction_log USING gin (phone_prefix_tokens) WHERE phone_prefix_tokens IS NOT NULL',
    },
    // List-query indexes (migration ListQueryIndexes, decision 039).
    {
      name: 'transaction_log_identity_occurred_idx',
      expression: 'CREATE INDEX transaction_log_identity_occurred_idx ON transaction_log (identity_hash, occurred_at, id)',
    },
    { name: 'transaction_log_occurred_id_idx', expression: 'CREATE INDEX transaction_log_occurred_id_idx ON transaction_log (occurred_at, id)' },
    // The legacy feed in file order (migration TransactionFeedIndexes, decision 050).
    { name: 'transaction_log_position_idx', properties: ['legacyPosition'] },
    { name: 'transaction_log_type_position_idx', properties: ['type', 'legacyPosition'] },
    // Monthly partitions by occurred_at (decision 077): a BRIN per partition for time ranges.
    { name: 'transaction_log_occurred_at_brin', expression: 'CREATE INDEX transaction_log_occurred_at_brin ON transaction_log USING brin (occurred_at)' },
  ],
});

export type TransactionLogEntryEntity = InferEntity<typeof TransactionLogEntry>;
