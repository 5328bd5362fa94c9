import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordHash, type JsonValue } from '@/lib/legacy/canonical-json';
import { useTestOrm } from '@/lib/testing/test-orm';
import { copyRows } from './copy-rows';
import { SOURCE_MAPPINGS } from './mappings';
import { withPgClient } from './pg-client';
import { allColumns, decodeRow, encodeRecord, selectList, type StoredRow } from './source-mapping';

let orm: MikroORM;

beforeAll(async () => {
  orm = await useTestOrm();
});

/** Stores one record through real COPY and jsonb, reads it back with the mapping's SELECT, then rolls back. */
async function throughPostgres(value: JsonValue): Promise<JsonValue> {
  const mapping = SOURCE_MAPPINGS['server-logs']!;
  const encoded = encodeRecord(mapping, { key: 'order-probe', position: 0, value, hash: recordHash(value) });
  if (encoded.kind !== 'row') throw new Error(encoded.reason);
  return withPgClient(orm.em.fork(), async (client) => {
    await client.query('BEGIN');
    try {
      await copyRows(client, mapping.table, allColumns(mapping), [encoded.values]);
      const { rows } = await client.query<StoredRow>(`SELECT ${selectList(mapping)} FROM ${mapping.table} WHERE legacy_key = 'order-probe'`);
      return decodeRow(mapping, rows[0]);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

describe('member order of fields kept in extra', () => {
  it('comes back as the legacy file had it, at every depth, although jsonb sorts members', async () => {
    const text = '{"timestamp":"2025-01-01T00:00:00.000Z","misc":{"zeta":1,"b":2,"a":{"yy":1,"x":[{"d":1,"c":2}]}},"alpha":true}';
    expect(JSON.stringify(await throughPostgres(JSON.parse(text) as JsonValue))).toBe(text);
  });
});
