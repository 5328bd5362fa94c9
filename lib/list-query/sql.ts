/**
 * A piece of SQL with its bound values, built only by the `sql` tag: interpolated values become `?`
 * placeholders that `em.execute` fills with escaped literals (an array becomes `a, b, c`, for `IN (…)`),
 * never concatenated input. `raw` is for identifiers and expressions written in the code (a grid's
 * column map), never for input.
 */
export type SqlFragment = { readonly text: string; readonly values: readonly unknown[] };

const isFragment = (value: unknown): value is SqlFragment =>
  typeof value === 'object' && value !== null && 'text' in value && 'values' in value && Object.keys(value).length === 2;

export function sql(strings: TemplateStringsArray, ...parts: unknown[]): SqlFragment {
  let text = strings[0];
  const values: unknown[] = [];
  parts.forEach((part, index) => {
    if (isFragment(part)) {
      text += part.text;
      values.push(...part.values);
    } else {
      // `??` would be read as an identifier placeholder.
      text += text.endsWith('?') ? ' ?' : '?';
      values.push(part);
    }
    text += strings[index + 1];
  });
  return Object.freeze({ text, values });
}

/** Trusted SQL text from the code itself (an expression, an identifier); it must not contain `?`. */
sql.raw = (text: string): SqlFragment => {
  if (text.includes('?')) throw new Error(`sql.raw text must not contain '?': ${text}`);
  return Object.freeze({ text, values: [] });
};

sql.join = (fragments: readonly SqlFragment[], separator: string): SqlFragment =>
  Object.freeze({ text: fragments.map((fragment) => fragment.text).join(separator), values: fragments.flatMap((fragment) => fragment.values) });

/** `a AND b AND …`, or TRUE for none. */
sql.and = (fragments: readonly SqlFragment[]): SqlFragment =>
  fragments.length === 0
    ? sql.raw('TRUE')
    : sql.join(
        fragments.map((fragment) => sql`(${fragment})`),
        ' AND ',
      );

/** `a OR b OR …`, or FALSE for none. */
sql.or = (fragments: readonly SqlFragment[]): SqlFragment =>
  fragments.length === 0
    ? sql.raw('FALSE')
    : sql.join(
        fragments.map((fragment) => sql`(${fragment})`),
        ' OR ',
      );

/** The same statement with `$1…$n` placeholders, for the `pg` driver (benchmarks compare against it). */
export function toPgQuery(fragment: SqlFragment): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  let next = 0;
  const text = fragment.text.replace(/\?/g, () => {
    const value = fragment.values[next++];
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => `$${values.push(item)}`).join(', ');
  });
  return { text, values };
}
