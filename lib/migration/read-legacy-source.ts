import { rootHash } from '@/lib/legacy/manifest';
import { readSource, type SourceFileSummary } from '@/lib/legacy/read-source';
import type { LegacyRecord, SourceAdapter } from '@/lib/legacy/source-adapter';

export type LoadedSource = SourceFileSummary & { records: LegacyRecord[]; rootHash: string };

/** Streams a whole source into memory once: the manifest and the import both work from it. */
export async function loadLegacySource(dir: string, adapter: SourceAdapter, onProgress?: (read: number) => void): Promise<LoadedSource> {
  const records: LegacyRecord[] = [];
  const summary = await readSource(
    dir,
    adapter,
    (batch) => {
      for (const record of batch) records.push(record);
      onProgress?.(records.length);
    },
    { batchSize: 5_000 },
  );
  return { ...summary, records, rootHash: rootHash(records) };
}
