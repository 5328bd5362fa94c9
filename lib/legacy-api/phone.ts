import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { JsonValue } from '@/lib/legacy/canonical-json';

const IDENTITY_HASH = /^0x[0-9a-f]{64}$/;
/** A full E.164 number as the legacy data holds it (masked forms contain `*` or `X`). */
const FULL_PHONE = /^\+[1-9]\d{6,14}$/;

/** The legacy identity hash of a phone: `0x` + keccak-256 of its UTF-8 text (wallet-db, KYC and explorer keys). */
export function identityHashOf(phone: string): string {
  return `0x${bytesToHex(keccak_256(utf8ToBytes(phone.trim())))}`;
}

/** A path or body value that is either an identity hash already or a phone number to hash. */
export function identityFrom(phoneOrHash: string): string {
  const value = phoneOrHash.trim().toLowerCase();
  return IDENTITY_HASH.test(value) ? value : identityHashOf(phoneOrHash);
}

function isFullPhone(value: string): boolean {
  return FULL_PHONE.test(value);
}

/** The legacy mask (walletCacheService): the first 8 characters, then `****` (`+2010123****`). */
export function maskLegacyPhone(phone: string): string {
  return isFullPhone(phone) ? `${phone.slice(0, 8)}****` : phone;
}

/**
 * Replaces every full phone number anywhere in a response with its mask. Applied to every body a
 * caller without the admin key receives, so no route can leak one by forgetting a field.
 */
export function redactPhones(value: JsonValue): JsonValue {
  if (typeof value === 'string') return isFullPhone(value) ? maskLegacyPhone(value) : value;
  if (Array.isArray(value)) return value.map(redactPhones);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, redactPhones(member)]));
}
