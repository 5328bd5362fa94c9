import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { withPgClient } from '@/lib/migration/pg-client';
import { useFreshDatabase } from '@/lib/testing/fresh-database';
import { restorePartition } from './partition-archive';
import { findMonthPartitions, rowsChecksum } from './partition.repository';

const MIGRATION = 'Migration20261208110000PartitionedTransactionLog';

let url: string;
let app: MikroORM;
let owner: MikroORM;
let root: string;

const asApp = <T>(fn: (client: pg.Client) => Promise<T>) => withPgClient(app.em.fork(), fn);
const asOwner = <T>(fn: (client: pg.Client) => Promise<T>) => withPgClient(owner.em.fork(), fn);

/** What the conversion must keep: the rows (count and content), the directory built from them, the analytics read from them, the audit trail. */
async function snapshot(client: pg.Client) {
  const { rows } = await client.query<Record<string, string>>(`
    SELECT (SELECT count(*) FROM transaction_log)::text AS rows,
           (SELECT md5(string_agg(t::text, E'\\n' ORDER BY t.legacy_key)) FROM transaction_log t) AS rows_checksum,
           (SELECT md5(string_agg(u::text, E'\\n' ORDER BY u.identity_hash)) FROM user_directory u) AS directory_checksum,
           (SELECT count(*) FROM audit_trail)::text AS audit_entries`);
  return rows[0];
}

const relkind = (client: pg.Client) =>
  client.query<{ relkind: string }>(`SELECT relkind FROM pg_class WHERE oid = 'transaction_log'::regclass`).then((result) => result.rows[0].relkind);

/** The first instant of the UTC month `months` months before the current one, plus a few days. */
function monthsAgo(months: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 10));
}

const partitionName = (at: Date) => `transaction_log_p${at.getUTCFullYear()}_${String(at.getUTCMonth() + 1).padStart(2, '0')}`;

beforeAll(async () => {
  const fresh = await useFreshDatabase('pend_admin_txlog_partitions');
  url = fresh.url;
  app = fresh.orm;
  owner = await MikroORM.init({ ...createOrmConfig({ asOwner: true, clientUrl: url }), allowGlobalContext: true });
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-txlog-partitions-'));
  const { dir } = generateLegacyFolder(root, 'small', 5);
  await runImport(app.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 180_000);

afterAll(async () => {
  await owner.close(true);
  rmSync(root, { recursive: true, force: true });
});

describe('transaction_log partitioned by month (decision 077)', () => {
  it('converts a populated plain transaction_log into the partitioned one with the same rows, directory and audit trail', async () => {
    await owner.getMigrator().down({ migrations: [MIGRATION] });
    const before = await asOwner(async (client) => {
      expect(await relkind(client)).toBe('r');
      return snapshot(client);
    });
    expect(Number(before.rows)).toBeGreaterThan(100);

    await owner.getMigrator().up({ migrations: [MIGRATION] });
    await asOwner(async (client) => {
      expect(await relkind(client)).toBe('p');
      expect(await snapshot(client)).toEqual(before);
      const keys = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM transaction_log_keys');
      expect(keys.rows[0].n).toBe(before.rows);
      // Every dated row is in its month partition; only undated rows are in DEFAULT.
      const misplaced = await client.query(`SELECT 1 FROM transaction_log_default WHERE occurred_at IS NOT NULL`);
      expect(misplaced.rowCount).toBe(0);
      // The analytics aggregates were re-created on the new table and still read it.
      const analytics = await client.query<{ equal: boolean }>(
        `SELECT (SELECT coalesce(sum(log_transactions), 0) FROM analytics_daily) = (SELECT count(*) FROM transaction_log WHERE occurred_at IS NOT NULL) AS equal`,
      );
      expect(analytics.rows[0].equal).toBe(true);
    });
  });

  it('lets the application read and write it after the conversion, audited under the parent name', async () => {
    await asApp(async (client) => {
      const identity = await client.query<{ identity_hash: string }>('SELECT identity_hash FROM identities LIMIT 1');
      const key = `txlog-partition-${crypto.randomUUID()}`;
      await client.query(
        `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, type, identity_hash) VALUES ($1, 1, repeat('a', 64), now(), 'transfer', $2)`,
        [key, identity.rows[0].identity_hash],
      );
      const audit = await client.query<{ table_name: string }>(
        `SELECT table_name FROM audit_trail WHERE action = 'INSERT' AND new_values ->> 'legacy_key' = $1`,
        [key],
      );
      expect(audit.rows.map((row) => row.table_name)).toEqual(['transaction_log']);
    });
  });

  it('refuses a row for an identity that identities lacks, and accepts it when the key is deferred until the identity exists', async () => {
    const unknown = `0x${'e'.repeat(60)}${Math.random().toString(16).slice(2, 6)}`;
    await asApp(async (client) => {
      await expect(
        client.query(
          `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, identity_hash) VALUES ($1, 1, repeat('b', 64), now(), $2)`,
          [`txlog-unknown-${unknown}`, unknown],
        ),
      ).rejects.toThrow(/transaction_log_identity_hash_fkey/);
    });
    await asOwner(async (client) => {
      await client.query('BEGIN');
      await client.query('SET CONSTRAINTS transaction_log_identity_hash_fkey DEFERRED');
      await client.query(
        `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, identity_hash) VALUES ($1, 1, repeat('b', 64), now(), $2)`,
        [`txlog-deferred-${unknown}`, unknown],
      );
      await client.query(`INSERT INTO identities (identity_hash) VALUES ($1)`, [unknown]);
      await client.query('COMMIT');
    });
  });

  it('refuses a second row with a legacy_key another month already holds', async () => {
    await asApp(async (client) => {
      const existing = await client.query<{ legacy_key: string }>(`SELECT legacy_key FROM transaction_log WHERE occurred_at IS NOT NULL LIMIT 1`);
      await expect(
        client.query(
          `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at) VALUES ($1, 1, repeat('c', 64), '1999-01-15T00:00:00Z')`,
          [existing.rows[0].legacy_key],
        ),
      ).rejects.toThrow(/transaction_log_keys_pkey/);
    });
  });

  it('npm run explorer:archive with EXPLORER_ARCHIVE_AFTER_MONTHS=1 archives a log month 8 years old and never one 6 years old', async () => {
    const eightYears = monthsAgo(8 * 12);
    const sixYears = monthsAgo(6 * 12);
    await asApp(async (client) => {
      for (const at of [eightYears, sixYears]) {
        await client.query(
          `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, type)
           SELECT $1 || '-' || g, g, repeat('d', 64), $2::timestamptz + g * interval '1 hour', 'transfer' FROM generate_series(1, 5) g`,
          [`txlog-retention-${at.toISOString()}`, at],
        );
      }
      await client.query('SELECT partitions_ensure($1::regclass, 3)', ['transaction_log']);
    });
    const archiveDir = mkdtempSync(path.join(root, 'archives-'));
    execFileSync(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', path.resolve('scripts/explorer-archive.ts')], {
      env: { ...process.env, DATABASE_URL: url, EXPLORER_ARCHIVE_AFTER_MONTHS: '1', EXPLORER_ARCHIVE_DIR: archiveDir },
      stdio: 'pipe',
    });
    await asApp(async (client) => {
      const months = (await findMonthPartitions(client, 'transaction_log')).map((range) => range.partition);
      expect(months).not.toContain(partitionName(eightYears));
      expect(months).toContain(partitionName(sixYears));
      const archived = await client.query<{ partition_name: string; row_count: number }>(
        `SELECT partition_name, row_count::int FROM partition_archives WHERE parent_table = 'transaction_log' AND restored_at IS NULL`,
      );
      expect(archived.rows).toEqual([{ partition_name: partitionName(eightYears), row_count: 5 }]);
      const kept = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM transaction_log WHERE legacy_key LIKE $1`, [
        `txlog-retention-${sixYears.toISOString()}-%`,
      ]);
      expect(kept.rows[0].n).toBe(5);
    });
  });

  it('restores the archived log month with the same rows and their keys', async () => {
    const eightYears = monthsAgo(8 * 12);
    const restored = await asOwner((client) => restorePartition(client, partitionName(eightYears)));
    await asApp(async (client) => {
      const range = { parent: 'transaction_log', partition: partitionName(eightYears), from: restored.rangeFrom, to: restored.rangeTo };
      expect(await rowsChecksum(client, range)).toEqual({ rowCount: restored.rowCount, rowsChecksum: restored.rowsChecksum });
      const keys = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM transaction_log_keys WHERE legacy_key LIKE $1`, [
        `txlog-retention-${eightYears.toISOString()}-%`,
      ]);
      expect(keys.rows[0].n).toBe(5);
    });
  });

  it('refuses in the database to drop a log month younger than 7 years, whoever records its archive', async () => {
    const sixYears = monthsAgo(6 * 12);
    const from = new Date(Date.UTC(sixYears.getUTCFullYear(), sixYears.getUTCMonth(), 1));
    const to = new Date(Date.UTC(sixYears.getUTCFullYear(), sixYears.getUTCMonth() + 1, 1));
    await asApp(async (client) => {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO partition_archives (parent_table, partition_name, range_from, range_to, file_path, sha256, size_bytes, row_count, rows_checksum)
         VALUES ('transaction_log', $1, $2, $3, '/nonexistent', repeat('0', 64), 0, 5, repeat('0', 32)) RETURNING id::text`,
        [partitionName(sixYears), from, to],
      );
      await expect(client.query('SELECT partition_drop_archived($1)', [rows[0].id])).rejects.toThrow(/7-year retention/);
      await client.query('ROLLBACK');
      expect((await findMonthPartitions(client, 'transaction_log')).map((range) => range.partition)).toContain(partitionName(sixYears));
    });
  });
});
