import { isJsonObject, type JsonValue } from './canonical-json';

/** Keys rows by a non-empty string member (a hash or an identity); null for rows without one. */
export const stringMember =
  (name: string) =>
  (value: JsonValue): string | null => {
    const member = isJsonObject(value) ? value[name] : undefined;
    return typeof member === 'string' && member !== '' ? member : null;
  };

/** Keys rows by an id that is a string or a number; numbers are written with `String()`, as the legacy logs refer to them. */
export const idMember =
  (name: string) =>
  (value: JsonValue): string | null => {
    const member = isJsonObject(value) ? value[name] : undefined;
    if (typeof member === 'number') return String(member);
    return typeof member === 'string' && member !== '' ? member : null;
  };
