import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, recordHash, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { useTestOrm } from '@/lib/testing/test-orm';
import { importSource } from './import-source';
import { SOURCE_MAPPINGS } from './mappings';
import { withPgClient } from './pg-client';
import { loadLegacySource } from './read-legacy-source';
import { verifySource } from './verify-source';

/**
 * Values a legacy file may hold where a typed column is expected: wrong types, the edges of every
 * column type, COPY's special characters, injection text, what PostgreSQL cannot store at all.
 */
const HOSTILE: JsonValue[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  -(2 ** 63),
  1e308,
  5e-324,
  '',
  ' ',
  '0',
  '-1',
  '-0.0',
  '1e5',
  'NaN',
  'null',
  '340282366920938463463374607431768211456',
  '0000-01-01T00:00:00.000Z',
  '2024-02-30T00:00:00.000Z',
  '0000-01-01',
  `0x${'f'.repeat(64)}`,
  'a\tb\nc\\d\re \\N',
  "'; DROP TABLE users; --",
  '🪙 \u2028',
  'x'.repeat(5_000),
  'nul \u0000',
  'lone \ud800',
  {},
  [],
  JSON.parse('{"nested":{"deeper":[1,{"x":null}]},"__proto__":"member"}') as JsonValue,
  [null, 'a', 2],
];

const SAMPLE_RECORDS = 2;

let orm: MikroORM;
let folder: string;
let runId: string;

beforeAll(async () => {
  orm = await useTestOrm();
  folder = generateLegacyFolder(mkdtempSync(path.join(os.tmpdir(), 'pend-hostile-')), 'small', 2).dir;
  const [run] = await orm.em
    .fork()
    .execute<Array<{ id: string }>>(
      `INSERT INTO migration_runs (kind, source_dir, started_by) VALUES ('import', 'hostile-values.test', 'vitest') RETURNING id`,
    );
  runId = run.id;
});

/** Every sampled record with each mapped field (or the whole scalar record) replaced by each hostile value, or removed. */
function hostileVariants(source: SourceId, records: LegacyRecord[]): LegacyRecord[] {
  const mapping = SOURCE_MAPPINGS[source]!;
  const values: JsonValue[] = mapping.root ? [...HOSTILE] : [];
  for (const record of mapping.root ? [] : records.slice(0, SAMPLE_RECORDS)) {
    if (!isJsonObject(record.value)) continue;
    for (const { field } of mapping.fields) {
      const { [field]: _removed, ...without } = record.value;
      values.push(without as JsonObject);
      for (const hostile of HOSTILE)
        values.push(Object.defineProperty({ ...record.value }, field, { value: hostile, enumerable: true, writable: true, configurable: true }));
    }
  }
  return values.map((value, position) => ({ key: `hostile-${position}`, position, value, hash: recordHash(value) }));
}

describe('hostile values in every mapped field', () => {
  it.each(Object.keys(SOURCE_MAPPINGS) as SourceId[])(
    '%s: the source imports, nothing is lost, and every record verifies',
    async (source) => {
      const mapping = SOURCE_MAPPINGS[source]!;
      const { records } = await loadLegacySource(folder, getLegacySource(source));
      const variants = hostileVariants(source, records);
      expect(variants.length).toBeGreaterThanOrEqual(HOSTILE.length);

      const { imported, verified } = await withPgClient(orm.em.fork(), async (client) => {
        const imported = await importSource(client, { mapping, records: variants, runId, context: { source: 'system', actorLabel: 'vitest' } });
        return { imported, verified: await verifySource(client, { mapping, records: variants }) };
      });
      for (const { reason } of imported.quarantined) expect(reason).toMatch(/NUL|surrogate|missing|not a valid value|not an object|stored exactly/);
      expect(imported.inserted + imported.updated + imported.unchanged + imported.quarantined.length).toBe(variants.length);
      expect(verified.mismatches).toEqual([]);
      expect(verified.recordCount).toBe(variants.length);
    },
    60_000,
  );
});
