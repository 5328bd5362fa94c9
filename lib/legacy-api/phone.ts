import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { maskPhone, type PhoneMaskStyle } from '@/lib/crypto';
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

/** A legacy or display mask of a number: `+`, digits and at least one hidden position (`*`, `X`, `•`). */
const MASKED_PHONE = /^\+[1-9][\d*X•]{6,14}$/;

function isPhone(value: string): boolean {
  return FULL_PHONE.test(value) || (MASKED_PHONE.test(value) && /[*X•]/.test(value));
}

/** The legacy spelling of the mask (`*`, no space), so clients that test for `*` still recognise it. */
const LEGACY_MASK: PhoneMaskStyle = { hidden: '*', afterCountry: '' };

/**
 * A phone as callers without the admin key see it: the country code and the last two digits
 * (`+20********78`); a legacy mask (`+2010123****`) keeps its country code only. The legacy server
 * showed the first eight characters, which with the identity hash left 10^4 guesses (decision 052).
 */
export function maskLegacyPhone(phone: string): string {
  return isPhone(phone) ? maskPhone(phone, LEGACY_MASK) : phone;
}

/**
 * Members holding an unkeyed hash of a phone (the keccak identity hash, the directory's sha256
 * `phoneHash`): enumerating one country's numbers reverses them (decision 052), so they are personal data.
 */
const PHONE_HASH_MEMBERS = new Set(['identityHash', 'senderIdentityHash', 'phoneHash']);

/**
 * What every body a caller without the admin key receives goes through, so no route can leak by
 * forgetting a field: every phone number (full or masked) anywhere is re-masked to `maskLegacyPhone`,
 * and members holding an identity or phone hash are omitted unless `exposeIdentity`
 * (`LEGACY_PUBLIC_IDENTITY=expose`).
 */
export function redactPublicBody(value: JsonValue, { exposeIdentity }: { exposeIdentity: boolean }): JsonValue {
  if (typeof value === 'string') return maskLegacyPhone(value);
  if (Array.isArray(value)) return value.map((member) => redactPublicBody(member, { exposeIdentity }));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => exposeIdentity || !PHONE_HASH_MEMBERS.has(key))
      .map(([key, member]) => [key, redactPublicBody(member, { exposeIdentity })]),
  );
}
