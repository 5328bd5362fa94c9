import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPoolTiersSource } from '@/lib/legacy/sources';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { withPgClient } from '@/lib/migration/pg-client';
import { loadLegacySource } from '@/lib/migration/read-legacy-source';
import { runImport } from '@/lib/migration/run-import';
import { verifySource } from '@/lib/migration/verify-source';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { drainOutbox, pendingOutboxCount } from './storage-outbox';
import { makeLegacyRecord, writeLegacyRecords } from './write-legacy-records';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { setStorageModeForTest } from '@/lib/testing/storage-mode';

const context = { source: 'legacy-api' as const, actorLabel: 'vitest' };
let orm: MikroORM;
let dir: string;
let root: string;

const setMode = (mode: StorageMode) => setStorageModeForTest(orm.em.fork(), mode);

async function dbTier(poolId: string): Promise<number | null> {
  const [row] = await orm.em.fork().execute<Array<{ min_tier: number }>>(`SELECT min_tier FROM pool_tiers WHERE legacy_key = ?`, [poolId]);
  return row?.min_tier ?? null;
}

const setTier = (poolId: string, tier: number) =>
  writeLegacyRecords(orm.em.fork(), {
    source: 'admin-pool-tiers',
    context,
    sourceDir: dir,
    mutate: (records) => records.map((record) => (record.key === poolId ? makeLegacyRecord('admin-pool-tiers', tier, record.position, poolId) : record)),
  });

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-write-'));
  ({ dir } = generateLegacyFolder(root, 'small', 6));
  await runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });
});

// Leaves no pending outbox entry behind for other files (the cut-over gate counts them).
afterAll(async () => {
  await drainOutbox(orm.em.fork(), { sourceDir: dir });
  await setMode('json-primary');
});

describe('writeLegacyRecords', () => {
  it('json-primary: writes the legacy file with the lock + rename protocol, then PostgreSQL follows', async () => {
    await setMode('json-primary');
    const file = path.join(dir, adminPoolTiersSource.relativePath);
    const [poolId] = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>);
    const result = await setTier(poolId, 4);
    expect(result.mode).toBe('json-primary');
    expect((JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>)[poolId]).toBe(4);
    expect(existsSync(`${file}.lock`) || existsSync(`${file}.tmp`)).toBe(false);
    expect(await dbTier(poolId)).toBe(4);
    const [audit] = await orm.em
      .fork()
      .execute<Array<{ new_values: { changed: string[] } }>>(`SELECT new_values FROM audit_trail WHERE action = 'LEGACY_WRITE' ORDER BY seq DESC LIMIT 1`);
    expect(audit.new_values.changed).toEqual([poolId]);
  });

  it('pg-primary: writes PostgreSQL first and mirrors the file from the outbox, in the legacy format', async () => {
    await setMode('pg-primary');
    const file = path.join(dir, adminPoolTiersSource.relativePath);
    const [poolId] = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>);
    await setTier(poolId, 2);
    expect(await dbTier(poolId)).toBe(2);
    expect(await pendingOutboxCount(orm.em.fork())).toBeGreaterThan(0);
    expect(await drainOutbox(orm.em.fork(), { sourceDir: dir })).toBeGreaterThan(0);
    expect(await pendingOutboxCount(orm.em.fork())).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect((JSON.parse(text) as Record<string, number>)[poolId]).toBe(2);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    const fromFile = await loadLegacySource(dir, adminPoolTiersSource);
    const verified = await withPgClient(orm.em.fork(), (client) =>
      verifySource(client, { mapping: SOURCE_MAPPINGS['admin-pool-tiers']!, records: fromFile.records }),
    );
    expect(verified.mismatches).toEqual([]);
    expect(verified.dbRootHash).toBe(fromFile.rootHash);
  });

  it('pg-primary: the row change, its before/after audit entry, the write event and the outbox entry commit in one transaction', async () => {
    await setMode('pg-primary');
    const poolId = await firstPoolId();
    const previous = await dbTier(poolId);
    const next = previous === 5 ? 1 : 5;
    const mark = await auditHead();
    await setTier(poolId, next);
    const [row] = await orm.em.fork().execute<Array<{ id: string; updated_at: Date }>>(`SELECT id, updated_at FROM pool_tiers WHERE legacy_key = ?`, [poolId]);
    const entries = await orm.em
      .fork()
      .execute<Array<{ action: string; old_values: { min_tier: number } | null; new_values: { min_tier: number }; changed_at: Date; actor_label: string }>>(
        `SELECT action, old_values, new_values, changed_at, actor_label FROM audit_trail WHERE seq > ? AND (record_id = ? OR action = 'LEGACY_WRITE') ORDER BY seq`,
        [mark, row.id],
      );
    expect(entries.map((entry) => entry.action)).toEqual(['UPDATE', 'LEGACY_WRITE']);
    expect(entries[0]).toMatchObject({ old_values: { min_tier: previous }, new_values: { min_tier: next }, actor_label: 'vitest' });
    const [outbox] = await orm.em.fork().execute<Array<{ enqueued_at: Date }>>(`SELECT enqueued_at FROM storage_outbox ORDER BY id DESC LIMIT 1`);
    // now() is the transaction's start time: equal stamps mean one transaction.
    const stamps = new Set([row.updated_at, outbox.enqueued_at, ...entries.map((entry) => entry.changed_at)].map((stamp) => new Date(stamp).getTime()));
    expect(stamps.size).toBe(1);
  });

  it('pg-primary: a failure after the data statement, at the outbox write, leaves neither the change, its audit entries nor an outbox entry', async () => {
    await setMode('pg-primary');
    const poolId = await firstPoolId();
    const previous = await dbTier(poolId);
    const mark = await auditHead();
    const [{ count: outboxBefore }] = await orm.em.fork().execute<Array<{ count: string }>>(`SELECT count(*) AS count FROM storage_outbox`);
    const owner = await useTestOrm('owner');
    await owner.em.fork().execute(`
      CREATE FUNCTION test_fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected outbox failure'; END $$;
      CREATE TRIGGER test_fail_outbox BEFORE INSERT ON storage_outbox FOR EACH ROW EXECUTE FUNCTION test_fail_outbox();`);
    try {
      await expect(setTier(poolId, previous === 5 ? 1 : 5)).rejects.toThrow(/injected outbox failure/);
    } finally {
      await owner.em.fork().execute(`DROP TRIGGER test_fail_outbox ON storage_outbox; DROP FUNCTION test_fail_outbox();`);
    }
    expect(await dbTier(poolId)).toBe(previous);
    const [{ count: outboxAfter }] = await orm.em.fork().execute<Array<{ count: string }>>(`SELECT count(*) AS count FROM storage_outbox`);
    expect(outboxAfter).toBe(outboxBefore);
    const entries = await orm.em.fork().execute(`SELECT action FROM audit_trail WHERE seq > ? AND table_name = 'pool_tiers'`, [mark]);
    expect(entries).toEqual([]);
  });
});

async function firstPoolId(): Promise<string> {
  const [row] = await orm.em.fork().execute<Array<{ legacy_key: string }>>(`SELECT legacy_key FROM pool_tiers ORDER BY legacy_position LIMIT 1`);
  return row.legacy_key;
}

async function auditHead(): Promise<number> {
  const [row] = await orm.em.fork().execute<Array<{ seq: string | null }>>(`SELECT max(seq) AS seq FROM audit_trail`);
  return Number(row.seq ?? 0);
}
