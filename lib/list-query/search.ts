import { sql, type SqlFragment } from './sql';

const MAX_WORDS = 8;

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * A prefix text-search query (`'palm':* & 'siwa':*`) over the words of the search text, or null when
 * it has none (only punctuation). Words keep letters and digits of any script; tsquery syntax in the
 * input never reaches `to_tsquery`.
 */
export function prefixTsQuery(text: string): SqlFragment | null {
  const words = text.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return sql`to_tsquery('simple', ${words.map((word) => `'${word}':*`).join(' & ')})`;
}
