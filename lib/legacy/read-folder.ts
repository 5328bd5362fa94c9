import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ParsedSource } from './source-adapter';
import { LEGACY_SOURCES, type SourceId } from './sources';

export type LegacyFolder = Map<SourceId, ParsedSource>;

/**
 * Parses every legacy source of a data folder into memory. Fine for the folder sizes the legacy
 * server itself could handle; for the largest files use `readSource`, which streams.
 */
export async function parseFolder(dir: string): Promise<LegacyFolder> {
  const folder: LegacyFolder = new Map();
  for (const source of LEGACY_SOURCES) {
    const bytes = await readFile(path.join(dir, source.relativePath)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    folder.set(source.id, source.parse(bytes));
  }
  return folder;
}
