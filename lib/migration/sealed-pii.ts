import { decryptPii, encryptPii, maskPhone, type PhoneMaskStyle } from '@/lib/crypto';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { piiKeyring } from '@/lib/pii-keyring';

/**
 * Phone numbers inside legacy JSON that no typed column holds (`extra`, admin and server log `data`,
 * transaction `metadata`, quarantined records, mismatch values) are stored sealed: the value is replaced
 * by `pii1:<short mask>:<key id>:<base64 AES-GCM of its JSON text>`. Only `unsealPii` (the reverse
 * mapping: verification, rollback, the legacy API's record rebuild, a permitted reveal) reads the
 * number back, exactly as it was, so checksums and exported files stay byte-identical (decision 064).
 */
export const SEAL_PREFIX = 'pii1:';

const LEGACY_MASK: PhoneMaskStyle = { hidden: '*', afterCountry: '' };

/** Separators a written number may contain between its digits. */
const SEPARATORS = /[\s\-().]/g;
/** A whole value that is an international number: `+` and 7–15 digits, with or without separators. */
const INTERNATIONAL_NUMBER = /^\+\d{7,15}$/;
/** A whole value that is a masked number: `+`, at least three digits, hidden positions (`*`, `X`, `•`). */
const MASKED_NUMBER = /^\+\d{3,}[\d*Xx•]*[*Xx•][\d*Xx•]*$/;
/** A number written inside free text (`OTP failed for +20 100 123 4567`) or a mask inside it. */
const NUMBER_IN_TEXT = /\+\d(?:[\s\-().]?\d){6,14}|\+\d{3,}[*Xx•]{2,}/;
/** Members whose name says they hold a phone: any value with three or more digits there is sealed. */
const PHONE_MEMBER = /phone|msisdn|mobile/i;

function isPhoneText(text: string): boolean {
  const compact = text.replace(SEPARATORS, '');
  return INTERNATIONAL_NUMBER.test(compact) || MASKED_NUMBER.test(compact) || NUMBER_IN_TEXT.test(text);
}

function needsSeal(value: JsonValue, member: string | undefined): boolean {
  if (typeof value === 'string') {
    if (value.startsWith(SEAL_PREFIX) || isPhoneText(value)) return true;
    return member !== undefined && PHONE_MEMBER.test(member) && /\d(?:\D*\d){2}/.test(value);
  }
  return typeof value === 'number' && member !== undefined && PHONE_MEMBER.test(member) && Math.abs(value) >= 100;
}

/** The mask a sealed value shows in its own text: only what `maskPhone` allows (country code, two digits). */
function shortMask(value: JsonValue): string {
  if (typeof value !== 'string') return '';
  const compact = value.replace(SEPARATORS, '');
  return INTERNATIONAL_NUMBER.test(compact) || MASKED_NUMBER.test(compact) ? maskPhone(compact, LEGACY_MASK) : '';
}

const sealedTexts = new Map<string, string>();
const SEAL_MEMO_ENTRIES = 50_000;

function seal(value: JsonValue): string {
  const plaintext = JSON.stringify(value);
  const keyring = piiKeyring();
  const memoKey = `${keyring.currentKeyId}\n${plaintext}`;
  let sealed = sealedTexts.get(memoKey);
  if (sealed === undefined) {
    const { keyId, ciphertext } = encryptPii(keyring, plaintext);
    sealed = `${SEAL_PREFIX}${shortMask(value)}:${keyId}:${ciphertext.toString('base64')}`;
    if (sealedTexts.size >= SEAL_MEMO_ENTRIES) sealedTexts.clear();
    sealedTexts.set(memoKey, sealed);
  }
  return sealed;
}

/** A sealed text's parts; undefined for any other value. */
function parseSealed(value: JsonValue): { mask: string; keyId: string; ciphertext: string } | undefined {
  if (typeof value !== 'string' || !value.startsWith(SEAL_PREFIX)) return undefined;
  const body = value.slice(SEAL_PREFIX.length);
  const last = body.lastIndexOf(':');
  const keyStart = body.lastIndexOf(':', last - 1);
  if (last < 0 || keyStart < 0) return undefined;
  return { mask: body.slice(0, keyStart), keyId: body.slice(keyStart + 1, last), ciphertext: body.slice(last + 1) };
}

/**
 * `value` with every phone-bearing string (and every number in a phone member) sealed. Structure,
 * member names and order are unchanged, so jsonb ordering and layout patches see the same shape.
 * A legacy string that happens to start with the seal prefix is sealed too, so unsealing is exact.
 */
export function sealPii(value: JsonValue, member?: string): JsonValue {
  if (Array.isArray(value)) return value.map((item) => sealPii(item, member));
  if (value !== null && typeof value === 'object') {
    // fromEntries, not assignment: a legacy member named "__proto__" must stay a member.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sealPii(item, key)]));
  }
  return needsSeal(value, member) ? seal(value) : value;
}

/** The legacy value `sealPii` was given, decrypted with the PII keyring. */
export function unsealPii(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(unsealPii);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unsealPii(item)]));
  const sealed = parseSealed(value);
  if (!sealed) return value;
  return JSON.parse(decryptPii(piiKeyring(), sealed.keyId, Buffer.from(sealed.ciphertext, 'base64'))) as JsonValue;
}

/** Whether a value (at any depth) holds a sealed member: what a permitted reveal would decrypt. */
export function containsSealedPii(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(containsSealedPii);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsSealedPii);
  return parseSealed(value) !== undefined;
}

/** `value` for display: every sealed member shown as its short mask (`+20********36`), or `••••` when it has none. */
export function maskSealedPii(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(maskSealedPii);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskSealedPii(item)]));
  const sealed = parseSealed(value);
  return sealed ? sealed.mask || '••••' : value;
}

/** A sealed value inside JSON text, possibly cut short at the end of a preview. */
const SEALED_IN_TEXT = /pii1:([^:"\\]*):[^:"\\]*:[A-Za-z0-9+/=]*/g;

/** Stored JSON text (or the start of it) with each sealed value shown as its short mask, for previews that never parse the whole value. */
export function maskSealedText(text: string): string {
  return text.replace(SEALED_IN_TEXT, (_, mask: string) => mask || '••••');
}
