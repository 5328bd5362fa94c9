import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from './read-source';
import type { LegacyRecord } from './source-adapter';
import { LEGACY_SOURCES } from './sources';
import { generateLegacyFolder, type GeneratedFolder } from './testing/legacy-gen';

const FOLDERS = [
  ['small', 1],
  ['small', 2],
  ['small', 3],
  ['small', 4],
  ['small', 5],
  ['medium', 1],
] as const;

let root: string;
const folders = new Map<string, GeneratedFolder>();

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'legacy-round-trip-'));
  for (const [scale, seed] of FOLDERS) folders.set(`${scale}-${seed}`, generateLegacyFolder(root, scale, seed));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(FOLDERS)('legacy-gen %s seed %i', (scale, seed) => {
  const folder = () => folders.get(`${scale}-${seed}`)!;

  it.each(LEGACY_SOURCES.map((source) => [source.relativePath, source] as const))(
    '%s: serialize(parse(bytes)) is byte-identical and the streaming reader sees the same records',
    async (relativePath, source) => {
      const bytes = readFileSync(path.join(folder().dir, relativePath));
      const parsed = source.parse(bytes);
      expect(parsed.records).toHaveLength(folder().expected.sources[relativePath].records);
      expect(source.serialize(parsed.records, parsed.envelope).equals(bytes)).toBe(true);
      expect(Buffer.from([...source.serializeChunks(parsed.records, parsed.envelope)].join('')).equals(bytes)).toBe(true);

      // The record hash covers the value, so position, key and hash identify a record completely.
      const identity = (records: LegacyRecord[]) => records.map(({ position, key, hash }) => `${position} ${key} ${hash}`).join('\n');
      const streamed: LegacyRecord[] = [];
      let largestBatch = 0;
      const summary = await readSource(
        folder().dir,
        source,
        (batch) => {
          largestBatch = Math.max(largestBatch, batch.length);
          streamed.push(...batch);
        },
        { batchSize: 500 },
      );
      expect(largestBatch).toBeLessThanOrEqual(500);
      expect(identity(streamed)).toBe(identity(parsed.records));
      expect(summary).toMatchObject({ exists: true, sizeBytes: bytes.length, recordCount: parsed.records.length, variant: parsed.variant });
      expect(summary.envelope).toEqual(parsed.envelope);
    },
  );
});
