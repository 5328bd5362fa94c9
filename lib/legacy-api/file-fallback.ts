import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/lib/env';
import type { ParsedSource } from '@/lib/legacy/source-adapter';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { LegacyApiError } from './legacy-api-error';

type Cached = { mtimeMs: number; size: number; parsed: ParsedSource };
const holder = globalThis as typeof globalThis & { __pendLegacyFiles?: Map<string, Cached> };
const parsedFiles = (holder.__pendLegacyFiles ??= new Map());

/** The legacy data folder the fallback reads; without one there is nothing to fall back to. */
export function legacyDataDir(): string {
  const dir = env().LEGACY_DATA_DIR;
  if (!dir) throw new LegacyApiError(503, 'Database unavailable and no legacy data folder is configured');
  return dir;
}

/**
 * One legacy file parsed with its source adapter (every legacy variant: missing, `{}`, `[]`, wrapped),
 * read-only. The parse is kept while the file's mtime and size are unchanged, so the fallback serves a
 * 60 MB transaction log without re-reading it per request, yet sees every write of the legacy server.
 */
export async function readLegacyFile(source: SourceId, dir = legacyDataDir()): Promise<ParsedSource> {
  const adapter = getLegacySource(source);
  const file = path.join(dir, adapter.relativePath);
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!info) return adapter.parse(null);
  const cached = parsedFiles.get(file);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.parsed;
  const parsed = adapter.parse(await readFile(file));
  parsedFiles.set(file, { mtimeMs: info.mtimeMs, size: info.size, parsed });
  return parsed;
}
