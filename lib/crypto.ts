import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * PII protection for phone numbers: AES-256-GCM ciphertext (`keyId` + 12-byte nonce + tag + data)
 * plus a keyed HMAC-SHA-256 blind index for exact lookup without decrypting. Several keys may be
 * loaded at once so old rows stay readable while new ones are written with the current key (rotation).
 */
export type PiiKeyring = { currentKeyId: string; keys: Map<string, Buffer>; hmacKey: Buffer };

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The nonce is synthetic (HMAC of key id and plaintext), so the same number always encrypts to the
 * same bytes: re-running an import rewrites nothing, and a nonce never repeats for two different
 * plaintexts. Equality is already visible through the blind index, so nothing new leaks.
 */
export function encryptPii(keyring: PiiKeyring, plaintext: string): { keyId: string; ciphertext: Buffer } {
  const key = keyring.keys.get(keyring.currentKeyId)!;
  const nonce = createHmac('sha256', keyring.hmacKey).update(`nonce:${keyring.currentKeyId}:${plaintext}`).digest().subarray(0, NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: keyring.currentKeyId, ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), data]) };
}

export function decryptPii(keyring: PiiKeyring, keyId: string, ciphertext: Buffer): string {
  const key = keyring.keys.get(keyId);
  if (!key) throw new Error(`PII key "${keyId}" is not loaded`);
  const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(ciphertext.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(ciphertext.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

export function blindIndex(keyring: PiiKeyring, value: string): Buffer {
  return createHmac('sha256', keyring.hmacKey).update(value.replace(/[\s-]/g, '')).digest();
}

// ITU-T E.164 calling codes are prefix-free: 1 and 7 are the one-digit codes, these are the two-digit
// ones, and every other code has three digits. That is all it takes to find where a code ends.
const TWO_DIGIT_CALLING_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

/** The country calling code an international number's digits start with (`201001234567` → `20`); '' when too few digits are known to tell. */
export function callingCodeOf(digits: string): string {
  const length = /^[17]/.test(digits) ? 1 : TWO_DIGIT_CALLING_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  return digits.length >= length ? digits.slice(0, length) : '';
}

/** How a mask writes its hidden digits and what follows the country code. */
export type PhoneMaskStyle = { hidden: string; afterCountry: string };

const DISPLAY_MASK: PhoneMaskStyle = { hidden: '•', afterCountry: ' ' };
/** Digits a mask may show at the end; with the identity hash's enumeration cost (decision 052) two is the most that protects. */
const VISIBLE_TRAILING_DIGITS = 2;
/** Below this many digit positions a number is shown fully hidden: two digits of a short code are too much of it. */
const SHORTEST_MASKED_WITH_DIGITS = 7;

/**
 * `+20 ••••••••45`: the country code and the last two digits, every other digit hidden. Accepts a full
 * number or an already-masked one (`+2010123****`, `+201XXXXXXXX`): a position already hidden stays
 * hidden, so masking is idempotent and a legacy mask never shows more than this one.
 */
export function maskPhone(phone: string, style: PhoneMaskStyle = DISPLAY_MASK): string {
  const trimmed = phone.trim();
  const international = trimmed.startsWith('+');
  const positions = [...trimmed].filter((character) => /[\d*xX•]/.test(character)).map((character) => (/\d/.test(character) ? character : null));
  const firstHidden = positions.indexOf(null);
  const leadingDigits = (firstHidden === -1 ? positions : positions.slice(0, firstHidden)).join('');
  const country = international ? callingCodeOf(leadingDigits) : '';
  const rest = positions.slice(country.length);
  const showTail = positions.length >= SHORTEST_MASKED_WITH_DIGITS;
  const masked = rest
    .map((position, index) => (showTail && position !== null && index >= rest.length - VISIBLE_TRAILING_DIGITS ? position : style.hidden))
    .join('');
  return country ? `+${country}${style.afterCountry}${masked}` : `${international ? '+' : ''}${masked}`;
}

/** Phone search tokens: keyed, so the stored bytes say nothing about the digits to anyone without the HMAC key. */
export type PhoneSearchTokens = { last4Token: Buffer; prefixTokens: Buffer[] };

/** The leading-digit prefixes that get a token: country code and operator prefix. */
export const PHONE_PREFIX_DIGITS = { shortest: 3, longest: 7 } as const;
/** Digits no token covers: the prefix tokens and the last-four token never span a whole number together. */
const UNCOVERED_DIGITS = 1;

// Each token kind hashes under its own label, so a token never equals the blind index (which hashes the
// number itself) or a token of the other kind for the same digits.
function searchToken(keyring: PiiKeyring, label: 'last4' | 'prefix', digits: string): Buffer {
  return createHmac('sha256', keyring.hmacKey).update(`${label}:${digits}`).digest();
}

/** The token of a number's last four digits, to find it by `<col>_last4_token = token`. */
export function lastFourToken(keyring: PiiKeyring, digits: string): Buffer {
  return searchToken(keyring, 'last4', digits);
}

/** The token of a number's leading digits (country and operator, `2010`), to find it by `<col>_prefix_tokens @> ARRAY[token]`. */
export function prefixToken(keyring: PiiKeyring, digits: string): Buffer {
  return searchToken(keyring, 'prefix', digits);
}

/** The digit counts a prefix search can use: 3 to 7, as far as the number leaves a digit uncovered. */
export function prefixLengths(digitCount: number): number[] {
  const longest = Math.min(PHONE_PREFIX_DIGITS.longest, digitCount - 4 - UNCOVERED_DIGITS);
  const lengths: number[] = [];
  for (let length = PHONE_PREFIX_DIGITS.shortest; length <= longest; length += 1) lengths.push(length);
  return lengths;
}

/** The last-four token and one token per leading-digit prefix (3–7 digits) of a full number. */
export function phoneSearchTokens(keyring: PiiKeyring, phone: string): PhoneSearchTokens {
  const digits = phone.replace(/\D/g, '');
  return {
    last4Token: lastFourToken(keyring, digits.slice(-4)),
    prefixTokens: prefixLengths(digits.length).map((length) => prefixToken(keyring, digits.slice(0, length))),
  };
}

/**
 * Keyring from env text: `PII_KEYS` = `id1:base64key,id2:base64key` (the first is current),
 * `PII_HMAC_KEY` = base64. Keys are 32 bytes.
 */
export function parseKeyring(keysText: string, hmacKeyText: string): PiiKeyring {
  const entries = keysText.split(',').map((entry) => {
    const [id, encoded] = entry.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error(`PII_KEYS entry "${id ?? ''}" must be "id:<32 bytes base64>"`);
    return [id, key] as const;
  });
  const hmacKey = Buffer.from(hmacKeyText, 'base64');
  if (hmacKey.length < 32) throw new Error('PII_HMAC_KEY must be at least 32 bytes, base64');
  return { currentKeyId: entries[0][0], keys: new Map(entries), hmacKey };
}

export function generateKeyringText(): { keys: string; hmacKey: string } {
  return { keys: `k1:${randomBytes(32).toString('base64')}`, hmacKey: randomBytes(32).toString('base64') };
}
