import { blindIndex, lastFourToken, PHONE_PREFIX_DIGITS, prefixToken } from '@/lib/crypto';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { piiKeyring } from '@/lib/pii-keyring';

/** What a typed phone query can be matched by; no form of it is ever compared with clear digits. */
export type PhoneQuery = { by: 'last4_token' | 'prefix_tokens' | 'hmac'; token: Buffer };

const LAST_FOUR = /^\d{4}$/;
const INTERNATIONAL = /^\+\d+$/;
/** Digits of a number the blind index can match as a whole (E.164 numbers have 8 to 15). */
const FULL_NUMBER_DIGITS = 8;

/**
 * A query as a phone search (decision 052): exactly four digits are a number's last four (`= token`);
 * `+` and up to seven digits are its leading digits, country and operator (`+20 10` → `@> ARRAY[token]`);
 * `+` and eight or more digits are the whole number (the blind index). Spaces and dashes are ignored.
 * Anything else is not a phone query (null).
 */
export function phoneQuery(text: string): PhoneQuery | null {
  const compact = text.trim().replace(/[\s-]/g, '');
  if (LAST_FOUR.test(compact)) return { by: 'last4_token', token: lastFourToken(piiKeyring(), compact) };
  if (!INTERNATIONAL.test(compact)) return null;
  const digits = compact.slice(1);
  if (digits.length >= FULL_NUMBER_DIGITS) return { by: 'hmac', token: blindIndex(piiKeyring(), compact) };
  const isPrefix = digits.length >= PHONE_PREFIX_DIGITS.shortest && digits.length <= PHONE_PREFIX_DIGITS.longest;
  return isPrefix ? { by: 'prefix_tokens', token: prefixToken(piiKeyring(), digits) } : null;
}

/** The condition on one table's phone columns (`column` = `w.full_phone`, a trusted expression prefix). */
export function phoneMatch(column: string, query: PhoneQuery): SqlFragment {
  const token = query.token.toString('hex');
  if (query.by === 'prefix_tokens') return sql`${sql.raw(`${column}_prefix_tokens`)} @> ARRAY[decode(${token}, 'hex')]`;
  return sql`${sql.raw(`${column}_${query.by}`)} = decode(${token}, 'hex')`;
}
