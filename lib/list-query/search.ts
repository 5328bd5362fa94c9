import { sql, type SqlFragment } from './sql';

const MAX_WORDS = 8;

const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;
const ARABIC_LETTERS: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ى: 'ي', ة: 'ه' };

/**
 * Search text folded as the database folds what it searches (`search_fold`, migration
 * ArabicSearchFolding; keep the two in step): hamza forms of alef to bare alef, alef maqsura to yaa,
 * taa marbuta to haa, without diacritics or tatweel. Latin text is unchanged (ILIKE ignores case).
 */
export function foldSearchText(text: string): string {
  return text.replace(ARABIC_MARKS, '').replace(/[أإآٱىة]/g, (letter) => ARABIC_LETTERS[letter]);
}

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
  const words = text
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return sql`to_tsquery('simple', ${words.map((word) => `'${word}':*`).join(' & ')})`;
}
