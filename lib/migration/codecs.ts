import type { JsonValue } from '@/lib/legacy/canonical-json';
import type { Vocabulary } from '@/lib/legacy/vocabulary';
import { blindIndex, decryptPii, encryptPii, maskPhone, phoneSearchTokens } from '@/lib/crypto';
import { piiKeyring } from '@/lib/pii-keyring';
import { sealPii, unsealPii } from './sealed-pii';

/**
 * A codec moves one legacy JSON field into one or more typed columns and back.
 * `encode` returns the COPY text of each column (null = NULL) or `undefined` when it cannot store the
 * value exactly; the field then stays in `extra`, untouched. `decode` receives each column's text as
 * produced by `select` and must return exactly the encoded value, so every codec only accepts the
 * canonical forms PostgreSQL echoes back unchanged.
 */
export type Codec = {
  columns(column: string): Array<{ name: string; sqlType: string; select: string }>;
  encode(value: JsonValue): Array<string | null> | undefined;
  decode(texts: Array<string | null>): JsonValue;
  /** What `select` returns for freshly encoded texts, where PostgreSQL rewrites them (default: unchanged). */
  echo?(encoded: Array<string | null>): Array<string | null>;
};

const plainColumn =
  (sqlType: string, select = (name: string) => `${name}::text`) =>
  (column: string) => [{ name: column, sqlType, select: select(column) }];

function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

export const text: Codec = {
  columns: plainColumn('text', (name) => name),
  encode: (value) => (typeof value === 'string' && !hasNul(value) ? [value] : undefined),
  decode: ([value]) => value,
};

export const integer: Codec = {
  columns: plainColumn('integer'),
  encode: (value) =>
    typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 && !Object.is(value, -0) ? [String(value)] : undefined,
  decode: ([value]) => Number(value),
};

export const bigint: Codec = {
  columns: plainColumn('bigint'),
  encode: (value) => (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0) ? [String(value)] : undefined),
  decode: ([value]) => Number(value),
};

/** A JSON number (price, ROI): stored as numeric, read back as the same double. */
export const number: Codec = {
  columns: plainColumn('numeric'),
  encode: (value) => (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0) ? [String(value)] : undefined),
  decode: ([value]) => Number(value),
};

const DECIMAL_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** A decimal kept as a JSON string ("950.0", wei above 2^64): numeric keeps every digit and the scale. */
export const decimalString: Codec = {
  columns: plainColumn('numeric'),
  encode: (value) => (typeof value === 'string' && DECIMAL_TEXT.test(value) && !/^-0(\.0+)?$/.test(value) ? [value] : undefined),
  decode: ([value]) => value,
};

export const boolean: Codec = {
  columns: plainColumn('boolean'),
  encode: (value) => (typeof value === 'boolean' ? [value ? 't' : 'f'] : undefined),
  decode: ([value]) => value === 'true',
  echo: ([value]) => [value === 't' ? 'true' : 'false'],
};

// Years 0001–9999: JavaScript's Date has a year 0000, PostgreSQL does not (1 BC comes before 1 AD),
// and one such value would fail the COPY of its whole source.
const ISO_MILLIS = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** `toISOString()` text PostgreSQL can hold: other spellings (date-only deadlines, year 0000) stay verbatim in `extra`. */
export const timestamp: Codec = {
  columns: plainColumn('timestamptz', (name) => `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
  encode: (value) => {
    if (typeof value !== 'string' || !ISO_MILLIS.test(value)) return undefined;
    const time = Date.parse(value);
    return Number.isFinite(time) && new Date(time).toISOString() === value ? [value] : undefined;
  },
  decode: ([value]) => value,
};

/**
 * Any JSON (objects, arrays) as jsonb, phone numbers inside it sealed (`sealPii`, decision 064); member
 * order is restored by the row's layout.
 */
export const json: Codec = {
  columns: plainColumn('jsonb', (name) => `${name}::text`),
  encode: (value) => {
    const textValue = JSON.stringify(sealPii(value));
    return textValue.includes('\\u0000') ? undefined : [textValue];
  },
  decode: ([value]) => unsealPii(JSON.parse(value!) as JsonValue),
  echo: ([value]) => [JSON.stringify(jsonbOrder(JSON.parse(value!) as JsonValue))],
};

/** jsonb's member order: by key length in UTF-8 bytes, then by bytes. */
function jsonbKeyOrder(a: string, b: string): number {
  const lengthA = Buffer.byteLength(a);
  const lengthB = Buffer.byteLength(b);
  if (lengthA !== lengthB) return lengthA - lengthB;
  // As many bytes as UTF-16 units means ASCII, where unit order is byte order: no buffers needed.
  if (lengthA === a.length && lengthB === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const ASCII = /^[\x00-\x7f]*$/;

/** ASCII keys: length, then UTF-16 units (which are the bytes). */
function asciiKeyOrder(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** jsonb keeps object members sorted by key length, then bytes; the rebuild sees that order. */
export function jsonbOrder(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(jsonbOrder);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  keys.sort(keys.every((key) => ASCII.test(key)) ? asciiKeyOrder : jsonbKeyOrder);
  return Object.fromEntries(keys.map((key) => [key, jsonbOrder(value[key])]));
}

/** A controlled vocabulary: the mapped value plus the legacy spelling when it is not the default one. */
export function vocabulary<Value extends string>(vocab: Vocabulary<Value>): Codec {
  return {
    columns: (column) => [
      { name: column, sqlType: 'text', select: column },
      { name: `${column}_legacy`, sqlType: 'text', select: `${column}_legacy` },
    ],
    encode: (value) => {
      if (typeof value !== 'string') return undefined;
      const match = vocab.fromLegacy(value);
      if (!match) return undefined;
      return [match.value, vocab.toLegacy(match.value) === value ? null : value];
    },
    decode: ([value, legacy]) => vocab.toLegacy(value as Value, legacy),
  };
}

/** A `bytea` value as COPY / cast text (`\\x…`). */
export function byteaText(bytes: Buffer): string {
  return `\\x${bytes.toString('hex')}`;
}

/** A `bytea[]` value as COPY / cast text: an array literal of quoted hex elements. */
export function byteaArrayText(values: Buffer[]): string {
  return `{${values.map((bytes) => `"\\\\x${bytes.toString('hex')}"`).join(',')}}`;
}

/**
 * A full phone number: AES-256-GCM ciphertext with its key id, a blind index for exact search, a mask
 * with the country code and the last two digits, and keyed tokens of the last four digits and of the
 * leading 3–7 digits for partial search (decision 052). Only the ciphertext can rebuild the number;
 * nothing else stored holds more than the mask's two digits in clear.
 */
export const phone: Codec = {
  columns: (column) => [
    { name: `${column}_encrypted`, sqlType: 'bytea', select: `encode(${column}_encrypted, 'base64')` },
    { name: `${column}_key_id`, sqlType: 'text', select: `${column}_key_id` },
    { name: `${column}_hmac`, sqlType: 'bytea', select: `NULL` },
    { name: `${column}_masked`, sqlType: 'text', select: 'NULL' },
    { name: `${column}_last4_token`, sqlType: 'bytea', select: 'NULL' },
    { name: `${column}_prefix_tokens`, sqlType: 'bytea[]', select: 'NULL' },
  ],
  encode: (value) => {
    if (typeof value !== 'string' || !value || hasNul(value)) return undefined;
    const keyring = piiKeyring();
    let texts = encryptedPhones.get(keyring.currentKeyId, value);
    if (!texts) {
      const { keyId, ciphertext } = encryptPii(keyring, value);
      const tokens = phoneSearchTokens(keyring, value);
      texts = [
        byteaText(ciphertext),
        keyId,
        byteaText(blindIndex(keyring, value)),
        maskPhone(value),
        byteaText(tokens.last4Token),
        byteaArrayText(tokens.prefixTokens),
      ];
      encryptedPhones.set(keyring.currentKeyId, value, texts);
    }
    return texts;
  },
  decode: ([ciphertext, keyId]) => {
    let plaintext = decryptedPhones.get(keyId!, ciphertext!);
    if (plaintext === undefined) {
      plaintext = decryptPii(piiKeyring(), keyId!, Buffer.from(ciphertext!, 'base64'));
      decryptedPhones.set(keyId!, ciphertext!, plaintext);
    }
    return plaintext;
  },
  echo: ([ciphertext, keyId]) => [Buffer.from(ciphertext!.slice(2), 'hex').toString('base64'), keyId, null, null, null, null],
};

/**
 * A legacy field holding an already-masked phone (`maskedPhone`: `+2010123****`). Its visible digits plus
 * the identity hash beside it leave 10^4 guesses (decision 052), so the text is stored encrypted
 * (`<col>_encrypted`, `<col>_key_id`, the only columns `decode` reads) and `<col>` holds the short mask.
 */
export const encryptedMask: Codec = {
  columns: (column) => [
    { name: `${column}_encrypted`, sqlType: 'bytea', select: `encode(${column}_encrypted, 'base64')` },
    { name: `${column}_key_id`, sqlType: 'text', select: `${column}_key_id` },
    { name: column, sqlType: 'text', select: 'NULL' },
  ],
  encode: (value) => {
    if (typeof value !== 'string' || hasNul(value)) return undefined;
    const { keyId, ciphertext } = encryptPii(piiKeyring(), value);
    return [byteaText(ciphertext), keyId, maskPhone(value)];
  },
  decode: ([ciphertext, keyId]) => decryptPii(piiKeyring(), keyId!, Buffer.from(ciphertext!, 'base64')),
  echo: ([ciphertext, keyId]) => [Buffer.from(ciphertext!.slice(2), 'hex').toString('base64'), keyId, null],
};

// A legacy folder repeats each wallet's number across thousands of log rows, and one AES-GCM + two
// HMAC setups cost more than the rest of a row's encoding. Encryption is deterministic (synthetic
// nonce), so a memo returns exactly what a fresh call would. A plain Map emptied when full (an LRU's
// bookkeeping cost more than it saved here) bounds what a long-running server keeps in memory.
const PHONE_MEMO_ENTRIES = 50_000;

class BoundedMemo<Value> {
  // Keyed by key id, then by text: a joined string key would be built and hashed on every lookup.
  private readonly byKeyId = new Map<string, Map<string, Value>>();
  private size = 0;

  get(keyId: string, text: string): Value | undefined {
    return this.byKeyId.get(keyId)?.get(text);
  }

  set(keyId: string, text: string, value: Value): void {
    if (this.size >= PHONE_MEMO_ENTRIES) {
      this.byKeyId.clear();
      this.size = 0;
    }
    let entries = this.byKeyId.get(keyId);
    if (!entries) this.byKeyId.set(keyId, (entries = new Map()));
    if (!entries.has(text)) this.size += 1;
    entries.set(text, value);
  }
}

// Shared, never mutated: callers read the texts and build their own arrays from them.
const encryptedPhones = new BoundedMemo<Array<string | null>>();
const decryptedPhones = new BoundedMemo<string>();
