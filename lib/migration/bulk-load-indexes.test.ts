import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { withPgClient } from './pg-client';

let orm: MikroORM;
let owner: MikroORM;

// A legacy-shaped table of this file's own, so no other test file's imports can fill it meanwhile.
const TABLE = 'bulk_load_probe';

beforeAll(async () => {
  orm = await useTestOrm();
  owner = await useTestOrm('owner');
  await owner.em.getConnection().execute(`
    DROP TABLE IF EXISTS ${TABLE};
    CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, legacy_key text NOT NULL UNIQUE, legacy_hash char(64) NOT NULL, amount numeric, note text);
    CREATE INDEX ${TABLE}_amount_idx ON ${TABLE} (amount DESC);
    CREATE INDEX ${TABLE}_note_idx ON ${TABLE} (lower(note)) WHERE note IS NOT NULL;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ${TABLE} TO pend_app;
    GRANT USAGE ON SEQUENCE ${TABLE}_id_seq TO pend_app;
  `);
});

afterAll(() => owner.em.getConnection().execute(`DROP TABLE IF EXISTS ${TABLE}`));

const indexDefinitions = (client: pg.Client) =>
  client
    .query<{ definition: string }>(`SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid = $1::regclass ORDER BY 1`, [TABLE])
    .then((result) => result.rows.map((row) => row.definition));

const inRolledBackTransaction = <T>(fn: (client: pg.Client) => Promise<T>) =>
  withPgClient(orm.em.fork(), async (client) => {
    await client.query('BEGIN');
    try {
      return await fn(client);
    } finally {
      await client.query('ROLLBACK');
    }
  });

describe('bulk-load index deferral (app role)', () => {
  it('drops only secondary indexes of an empty legacy table and rebuilds exactly the same ones', async () => {
    await withPgClient(orm.em.fork(), async (client) => {
      const before = await indexDefinitions(client);
      await client.query('BEGIN');
      const deferred = await client.query<{ count: number }>('SELECT migration_defer_indexes($1::regclass) AS count', [TABLE]);
      const during = await indexDefinitions(client);
      const restored = await client.query<{ count: number }>('SELECT migration_restore_indexes($1::regclass) AS count', [TABLE]);
      await client.query('COMMIT');
      expect(deferred.rows[0].count).toBe(2);
      expect(during).toEqual(before.filter((definition) => /UNIQUE/.test(definition)));
      expect(restored.rows[0].count).toBe(deferred.rows[0].count);
      expect(await indexDefinitions(client)).toEqual(before);
    });
  });

  it('fails the COMMIT of a transaction that deferred indexes without rebuilding them, and keeps them', async () => {
    await withPgClient(orm.em.fork(), async (client) => {
      const before = await indexDefinitions(client);
      await client.query('BEGIN');
      await client.query('SELECT migration_defer_indexes($1::regclass)', [TABLE]);
      await expect(client.query('COMMIT')).rejects.toThrow(/dropped for a bulk load and not rebuilt/);
      expect(await indexDefinitions(client)).toEqual(before);
    });
  });

  it('refuses a table that is not a legacy table, and one that has rows', async () => {
    await expect(inRolledBackTransaction((client) => client.query(`SELECT migration_defer_indexes('audit_trail'::regclass)`))).rejects.toThrow(
      /is not a legacy table/,
    );
    await expect(
      inRolledBackTransaction(async (client) => {
        await client.query(`INSERT INTO ${TABLE} (legacy_key, legacy_hash) VALUES ('probe', repeat('0', 64))`);
        await client.query('SELECT migration_defer_indexes($1::regclass)', [TABLE]);
      }),
    ).rejects.toThrow(/is not empty/);
  });

  it('gives the app role no direct access to the deferred-index list', async () => {
    await expect(inRolledBackTransaction((client) => client.query('DELETE FROM migration_deferred_indexes'))).rejects.toThrow(/permission denied/);
  });
});
