import { describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { createRun, insertMismatches } from './migration-runs.repository';
import { withPgClient } from './pg-client';

describe('insertMismatches', () => {
  it('stores each field difference with both values, keeping a JSON null apart from an absent value', async () => {
    const orm = await useTestOrm();
    const rows = await withPgClient(orm.em.fork(), async (client) => {
      const runId = await createRun(client, { kind: 'verify', sourceDir: 'mismatch-test', startedBy: 'vitest', options: {} });
      await insertMismatches(client, runId, 'admin-pool-tiers', [
        {
          key: 'a',
          differences: [
            { field: 'title', legacyValue: 'Gold', dbValue: 'Gold ' },
            { field: 'extra.note', legacyValue: null, dbValue: undefined },
          ],
        },
        { key: 'b', differences: [{ field: 'tier', legacyValue: { nested: [1, 'x'] }, dbValue: 2 }] },
      ]);
      const { rows } = await client.query(
        `SELECT legacy_key, field, legacy_value, db_value, db_value IS NULL AS db_absent FROM migration_mismatches WHERE run_id = $1 ORDER BY legacy_key, field`,
        [runId],
      );
      return rows;
    });
    expect(rows).toEqual([
      { legacy_key: 'a', field: 'extra.note', legacy_value: null, db_value: null, db_absent: true },
      { legacy_key: 'a', field: 'title', legacy_value: 'Gold', db_value: 'Gold ', db_absent: false },
      { legacy_key: 'b', field: 'tier', legacy_value: { nested: [1, 'x'] }, db_value: 2, db_absent: false },
    ]);
  });

  it('keeps at most 10,000 rows per source and run', async () => {
    const orm = await useTestOrm();
    const count = await withPgClient(orm.em.fork(), async (client) => {
      const runId = await createRun(client, { kind: 'verify', sourceDir: 'mismatch-cap-test', startedBy: 'vitest', options: {} });
      const mismatches = Array.from({ length: 10_001 }, (_, index) => ({
        key: `k${index}`,
        differences: [{ field: 'f', legacyValue: index, dbValue: index + 1 }],
      }));
      await insertMismatches(client, runId, 'admin-pool-tiers', mismatches);
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) AS count FROM migration_mismatches WHERE run_id = $1`, [runId]);
      return Number(rows[0].count);
    });
    expect(count).toBe(10_000);
  });
});
