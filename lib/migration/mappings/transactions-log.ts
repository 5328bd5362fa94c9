import { bigint, boolean, decimalString, integer, phone, text, timestamp, type Codec } from '../codecs';
import { maskPhone } from '@/lib/crypto';
import { orderedJson, type KeyOrder } from '../shared-codecs';
import type { SourceMapping } from '../source-mapping';

/**
 * `metadata` member order per row type, merged into one order every type's members follow:
 * consent signature, terms acceptance, mint, send, pool invest / redeem / profit, transfers, wallet
 * creation. A row whose metadata has other members keeps jsonb's order and gets a layout patch.
 */
export const TRANSACTION_METADATA_ORDER: KeyOrder = {
  keys: [
    [
      'description',
      'tags',
      'trustScore',
      'complianceFlags',
      'legallyBinding',
      'auditTrail',
      'source',
      'currency',
      'recipientAddress',
      'recipientPhone',
      'poolId',
      'hvtReceived',
      'hvtBurned',
      'period',
      'token',
      'senderIdentityHash',
      'direction',
      'counterparty',
      'tier',
      'gasSponsored',
      'relayer',
    ],
  ],
};

/** A phone value that is already masked (`+2015368****`, `+201XXXXXXXX`): anything but digits, `+`, blanks, dashes, parentheses. */
export function isMaskedPhone(value: string): boolean {
  return /[^\d+\s()-]/.test(value);
}

/**
 * `phoneNumber` is a full number on most rows and an already-masked one on consent rows. Both are
 * stored encrypted (only the ciphertext rebuilds the record), but a masked value gets no blind index
 * and no search tokens (its digits are the prefix, not the end), and is re-masked to the country code:
 * the legacy mask shows five digits more, which with the identity hash leaves 10^4 guesses.
 */
export const transactionPhone: Codec = {
  ...phone,
  encode: (value) => {
    const texts = phone.encode(value);
    if (!texts || typeof value !== 'string' || !isMaskedPhone(value)) return texts;
    const [ciphertext, keyId] = texts;
    return [ciphertext, keyId, null, maskPhone(value), null, null];
  },
};

/**
 * explorer-data/transactions-log.json → transaction_log, one row per log entry (key: txHash; the
 * legacy `id` is null, repeated or gapped, so it is a plain nullable `legacy_id`). The fields are
 * listed in the legacy server's member order across every row type (common fields, token transfer,
 * terms acceptance, consent signature, then `metadata`), so rebuilt rows need no top-level order
 * patch. `amount` is decimal text (numeric, exact scale); the phone number is encrypted; `metadata`
 * (an object; anything else stays in `extra`) is jsonb read back in the legacy member order.
 */
export const transactionsLogMapping: SourceMapping = {
  source: 'transactions-log',
  table: 'transaction_log',
  identitySeenIn: 'in_transactions',
  fields: [
    { field: 'id', column: 'legacy_id', codec: integer },
    { field: 'timestamp', column: 'occurred_at', codec: timestamp },
    { field: 'type', column: 'type', codec: text },
    { field: 'identityHash', column: 'identity_hash', codec: text },
    { field: 'walletAddress', column: 'wallet_address', codec: text },
    { field: 'phoneNumber', column: 'phone', codec: transactionPhone },
    { field: 'amount', column: 'amount', codec: decimalString },
    { field: 'txHash', column: 'tx_hash', codec: text },
    { field: 'blockNumber', column: 'block_number', codec: bigint },
    { field: 'senderWalletAddress', column: 'sender_wallet_address', codec: text },
    { field: 'subType', column: 'sub_type', codec: text },
    { field: 'termsVersion', column: 'terms_version', codec: text },
    { field: 'ipAddress', column: 'ip_address', codec: text },
    { field: 'userAgent', column: 'user_agent', codec: text },
    { field: 'legalContext', column: 'legal_context', codec: text },
    { field: 'action', column: 'action', codec: text },
    { field: 'consentTier', column: 'consent_tier', codec: integer },
    { field: 'consentType', column: 'consent_type', codec: text },
    { field: 'consentLevel', column: 'consent_level', codec: text },
    { field: 'location', column: 'location', codec: text },
    { field: 'biometricUsed', column: 'biometric_used', codec: boolean },
    { field: 'deviceFingerprint', column: 'device_fingerprint', codec: text },
    { field: 'metadata', column: 'metadata', codec: orderedJson(TRANSACTION_METADATA_ORDER, 'object') },
  ],
};
