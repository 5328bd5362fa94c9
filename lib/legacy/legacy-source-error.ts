/**
 * Thrown when a legacy file cannot be read as its source: invalid JSON, text that is not UTF-8, or a
 * top-level shape the source never had. The message starts with the file's relative path so it can
 * be shown to an operator as is; `byteOffset` is set when the problem has a position.
 */
export class LegacySourceError extends Error {
  override readonly name = 'LegacySourceError';

  constructor(
    readonly sourceId: string,
    readonly relativePath: string,
    readonly detail: string,
    readonly byteOffset: number | null = null,
  ) {
    super(`${relativePath}: ${detail}`);
  }
}
