import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { MIGRATION_RUN_LOCK } from '@/lib/migration/run-lock';
import { withPgClient } from '@/lib/migration/pg-client';
import { getLegacySource } from '@/lib/legacy/sources';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { loadLegacySource } from '@/lib/migration/read-legacy-source';
import { syncSources } from '@/lib/migration/sync-sources';
import { verifySource } from '@/lib/migration/verify-source';
import { drainOutbox, pendingOutboxCount } from '@/lib/storage/storage-outbox';
import { useTestOrm } from '@/lib/testing/test-orm';
import { updateAsset } from './asset.service';
import { applyBulkAssetChange } from './bulk-asset-change';
import { generatedAssetId, generatedOpportunity, importGeneratedOpportunities, writeGeneratedOpportunities } from './testing/generated-assets';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { setStorageModeForTest } from '@/lib/testing/storage-mode';

// Counts the legacy file writes (the protocol itself is unchanged).
const fileWrites = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/storage/legacy-file-lock', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/storage/legacy-file-lock')>();
  return {
    ...actual,
    writeFileAtomically: async (...args: Parameters<typeof actual.writeFileAtomically>) => {
      fileWrites.count += 1;
      return actual.writeFileAtomically(...args);
    },
  };
});

const context = { source: 'admin-ui' as const, actorLabel: 'vitest-writes' };
const ASSETS = 1_000;
const QUARANTINED_ID = 'opp_without_status';
let orm: MikroORM;
let owner: MikroORM;
let root: string;
let dir: string;
let file: string;

const idOf = generatedAssetId;

const setMode = (mode: StorageMode) => setStorageModeForTest(orm.em.fork(), mode);

function fileRecord(id: string): JsonObject | undefined {
  const { opportunities } = JSON.parse(readFileSync(file, 'utf8')) as { opportunities: JsonObject[] };
  return opportunities.find((record) => record.id === id);
}

async function dbRecord(id: string): Promise<{ title: string; description: string; status: string } | undefined> {
  const [row] = await orm.em.fork().execute(`SELECT title, description, status FROM assets WHERE legacy_key = ?`, [id]);
  return row as { title: string; description: string; status: string } | undefined;
}

async function lastWriteEvent(): Promise<{
  record_id: string;
  actor_label: string;
  old_values: Record<string, JsonObject>;
  new_values: { mode: string; rows: Record<string, JsonObject> };
}> {
  const [event] = await orm.em
    .fork()
    .execute(
      `SELECT record_id, actor_label, old_values, new_values FROM audit_trail WHERE action = 'LEGACY_WRITE' AND table_name = 'assets' ORDER BY seq DESC LIMIT 1`,
    );
  return event as never;
}

/** The row trigger's entries for one asset (decision 036): every column before and after, in the writer's transaction. */
async function rowAuditEntries(
  id: string,
): Promise<Array<{ actor_label: string; source: string; old_values: Record<string, unknown>; new_values: Record<string, unknown> }>> {
  return orm.em
    .fork()
    .execute(
      `SELECT actor_label, source, old_values, new_values FROM audit_trail WHERE table_name = 'assets' AND action = 'UPDATE' AND new_values ->> 'legacy_key' = ? ORDER BY seq`,
      [id],
    );
}

const options = () => ({ context, sourceDir: dir });

async function outboxInsertsInFlight(): Promise<number> {
  const [row] = await owner.em
    .fork()
    .execute<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'INSERT INTO storage_outbox%'`,
    );
  return row.n;
}

/** Polls `condition` until it holds; the test's own timeout bounds the wait. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** What an editor loaded: the record as the database shows it now. */
async function loaded(id: string): Promise<JsonObject> {
  const record = fileRecord(id);
  if (!record) throw new Error(`${id} is not in the file`);
  return record;
}

beforeAll(async () => {
  orm = await useTestOrm();
  owner = await useTestOrm('owner');
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-row-writes-'));
  dir = path.join(root, 'legacy');
  // The mapping requires a status: this record is quarantined by the import.
  const withoutStatus: JsonObject = { ...generatedOpportunity(ASSETS), id: QUARANTINED_ID };
  delete withoutStatus.status;
  file = writeGeneratedOpportunities(dir, ASSETS, [withoutStatus]);
  await setMode('json-primary');
  await importGeneratedOpportunities(orm.em.fork(), { root, dir, context });
});

beforeEach(() => {
  fileWrites.count = 0;
});

afterAll(() => setMode('json-primary'));

describe('updateAsset', () => {
  it('pg-primary: the row, its audit event with before/after and the outbox entry commit together, and the mirror writes the file', async () => {
    await setMode('pg-primary');
    const id = idOf(1);
    const original = await loaded(id);
    const result = await updateAsset(orm.em.fork(), { id, changes: { title: 'Solar farm Aswan' }, original }, options());
    expect(result.mode).toBe('pg-primary');
    expect((await dbRecord(id))?.title).toBe('Solar farm Aswan');
    expect(fileRecord(id)?.title).toBe('Asset 1');
    const event = await lastWriteEvent();
    expect(event.record_id).toBe(id);
    expect(event.actor_label).toBe('vitest-writes');
    expect(event.old_values[id]).toEqual({ title: 'Asset 1' });
    expect(event.new_values.rows[id]).toEqual({ title: 'Solar farm Aswan' });
    const [rowEntry] = await rowAuditEntries(id);
    expect(rowEntry).toMatchObject({
      actor_label: 'vitest-writes',
      source: 'admin-ui',
      old_values: { title: 'Asset 1' },
      new_values: { title: 'Solar farm Aswan' },
    });
    expect(await pendingOutboxCount(orm.em.fork())).toBeGreaterThan(0);
    await drainOutbox(orm.em.fork(), { sourceDir: dir });
    expect(fileRecord(id)).toEqual({ ...original, title: 'Solar farm Aswan' });
  });

  it('json-primary: the legacy file record is patched in one write and the database shows it when the call returns', async () => {
    await setMode('json-primary');
    const id = idOf(2);
    const before = readFileSync(file, 'utf8');
    const original = await loaded(id);
    const result = await updateAsset(orm.em.fork(), { id, changes: { description: 'Harvest-backed lease' }, original }, options());
    expect(result.mode).toBe('json-primary');
    expect(fileWrites.count).toBe(1);
    expect(fileRecord(id)).toEqual({ ...original, description: 'Harvest-backed lease' });
    // Only that record's bytes changed.
    expect(readFileSync(file, 'utf8')).toBe(before.replace(`"description": "Opportunity number 2"`, `"description": "Harvest-backed lease"`));
    expect((await dbRecord(id))?.description).toBe('Harvest-backed lease');
    const event = await lastWriteEvent();
    expect(event.new_values.mode).toBe('json-primary');
    expect(event.old_values[id]).toEqual({ description: 'Opportunity number 2' });
    expect(event.new_values.rows[id]).toEqual({ description: 'Harvest-backed lease' });
    // The sync that applies the admin's file write runs under the admin's audit context: the row trigger names them.
    expect(await rowAuditEntries(id)).toEqual([
      expect.objectContaining({
        actor_label: 'vitest-writes',
        source: 'admin-ui',
        old_values: expect.objectContaining({ description: 'Opportunity number 2' }),
        new_values: expect.objectContaining({ description: 'Harvest-backed lease' }),
      }),
    ]);
  });

  for (const mode of ['pg-primary', 'json-primary'] as const) {
    it(`${mode}: of two admins editing the same asset, the second save is a CONFLICT naming the field the first changed`, async () => {
      await setMode(mode);
      const id = idOf(mode === 'pg-primary' ? 3 : 4);
      const openedByFirst = await loaded(id);
      const openedBySecond = await loaded(id);
      await updateAsset(orm.em.fork(), { id, changes: { title: `Renamed in ${mode}` }, original: openedByFirst }, options());
      const second = updateAsset(orm.em.fork(), { id, changes: { description: 'A stale edit' }, original: openedBySecond }, options());
      await expect(second).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('(title)'), fieldErrors: { title: expect.any(Array) } });
      const row = await dbRecord(id);
      expect(row).toMatchObject({ title: `Renamed in ${mode}`, description: `Opportunity number ${mode === 'pg-primary' ? 3 : 4}` });
      if (mode === 'pg-primary') await drainOutbox(orm.em.fork(), { sourceDir: dir });
    });
  }

  it('pg-primary: a failure between the row write and the outbox write leaves neither the row change, the outbox entry nor the audit event', async () => {
    await setMode('pg-primary');
    await drainOutbox(orm.em.fork(), { sourceDir: dir });
    const id = idOf(5);
    const original = await loaded(id);
    const eventsBefore = await orm.em.fork().execute(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'LEGACY_WRITE'`);
    await owner.em
      .execute(`CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected: crash before the outbox write'; END $$;
      CREATE TRIGGER refuse_outbox BEFORE INSERT ON storage_outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`);
    try {
      await expect(updateAsset(orm.em.fork(), { id, changes: { title: 'Never saved' }, original }, options())).rejects.toThrow(/injected/);
    } finally {
      await owner.em.execute(`DROP TRIGGER refuse_outbox ON storage_outbox; DROP FUNCTION refuse_outbox()`);
    }
    expect((await dbRecord(id))?.title).toBe('Asset 5');
    expect(await rowAuditEntries(id)).toEqual([]);
    expect(await pendingOutboxCount(orm.em.fork())).toBe(0);
    expect(await orm.em.fork().execute(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'LEGACY_WRITE'`)).toEqual(eventsBefore);
  });

  it('pg-primary: a writer process killed between the row write and the outbox write leaves neither', async () => {
    await setMode('pg-primary');
    await drainOutbox(orm.em.fork(), { sourceDir: dir });
    const id = idOf(8);
    // Holds the writer inside its outbox insert, after its row UPDATE, long enough to kill it there.
    await owner.em.execute(`CREATE FUNCTION stall_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$;
      CREATE TRIGGER stall_outbox BEFORE INSERT ON storage_outbox FOR EACH ROW EXECUTE FUNCTION stall_outbox()`);
    try {
      const writer = spawn(
        process.execPath,
        ['--conditions=react-server', '--import', 'tsx', path.resolve('lib/assets/testing/update-asset-process.ts'), id, 'Killed mid-write', 'Asset 8'],
        {
          env: process.env,
          stdio: 'ignore',
        },
      );
      const exited = once(writer, 'exit');
      await until(async () => (await outboxInsertsInFlight()) === 1);
      writer.kill('SIGKILL');
      await exited;
      // PostgreSQL rolls the dead client's transaction back when it finds the connection gone.
      await until(async () => (await outboxInsertsInFlight()) === 0);
    } finally {
      await owner.em.execute(`DROP TRIGGER stall_outbox ON storage_outbox; DROP FUNCTION stall_outbox()`);
    }
    expect((await dbRecord(id))?.title).toBe('Asset 8');
    expect(await pendingOutboxCount(orm.em.fork())).toBe(0);
    expect(await rowAuditEntries(id)).toEqual([]);
  });

  it('json-primary: while the sync cannot apply the file, the save says it is in the file but not yet in the database', async () => {
    await setMode('json-primary');
    const id = idOf(6);
    const original = await loaded(id);
    await withPgClient(owner.em, async (client) => {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_RUN_LOCK]);
      try {
        const save = updateAsset(orm.em.fork(), { id, changes: { title: 'Waiting for the sync' }, original }, { ...options(), syncTimeoutMs: 200 });
        await expect(save).rejects.toSatisfy(
          (error) => error instanceof AppError && error.code === 'UNAVAILABLE' && /Saved to admin-opportunities\.json.*migration run/.test(error.message),
        );
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_RUN_LOCK]);
      }
    });
    expect(fileRecord(id)?.title).toBe('Waiting for the sync');
    await syncSources(orm.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context, worker: 'vitest', only: ['admin-opportunities'] });
    expect((await dbRecord(id))?.title).toBe('Waiting for the sync');
  });

  it('refuses an edit that breaks the asset rules before anything is written', async () => {
    const id = idOf(7);
    const original = await loaded(id);
    await expect(updateAsset(orm.em.fork(), { id, changes: { title: 'ab' }, original }, options())).rejects.toMatchObject({ name: 'ZodError' });
    await expect(updateAsset(orm.em.fork(), { id, changes: { title: 'A good title' }, original: {} }, options())).rejects.toMatchObject({ name: 'ZodError' });
    expect(fileWrites.count).toBe(0);
  });

  for (const mode of ['pg-primary', 'json-primary'] as const) {
    it(`${mode}: an edit of an asset that does not exist is NOT_FOUND and writes nothing`, async () => {
      await setMode(mode);
      const outboxBefore = await pendingOutboxCount(orm.em.fork());
      await expect(updateAsset(orm.em.fork(), { id: 'opp_unknown', changes: { title: 'Nobody' }, original: { title: null } }, options())).rejects.toMatchObject(
        {
          code: 'NOT_FOUND',
        },
      );
      expect(fileWrites.count).toBe(0);
      expect(await pendingOutboxCount(orm.em.fork())).toBe(outboxBefore);
    });
  }
});

describe('json-primary: the sync of a row write', () => {
  const syncAll = () =>
    syncSources(orm.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context, worker: 'vitest', only: ['admin-opportunities'] });

  /** The sync run a write started, and the source's state after it. */
  async function lastSync(): Promise<{ options: { changedRecords?: number }; state: string; db_root_hash: string; root_hash: string; sha256: string }> {
    const [row] = await owner.em.fork().execute(
      `SELECT r.options, s.state, s.db_root_hash, m.root_hash, m.sha256
         FROM migration_source_state s JOIN migration_manifests m ON m.id = s.manifest_id JOIN migration_runs r ON r.id = s.last_run_id
        WHERE s.source = 'admin-opportunities'`,
    );
    return row as never;
  }

  /** The whole-source check: every record rebuilt from PostgreSQL against the file as it is now. */
  async function verifyWhole(): Promise<{ fileRootHash: string; fileSha256: string; mismatches: number; dbRootHash: string }> {
    const data = await loadLegacySource(dir, getLegacySource('admin-opportunities'));
    const verified = await withPgClient(owner.em.fork(), (client) =>
      verifySource(client, { mapping: SOURCE_MAPPINGS['admin-opportunities']!, records: data.records }),
    );
    return { fileRootHash: data.rootHash, fileSha256: data.sha256!, mismatches: verified.mismatches.length, dbRootHash: verified.dbRootHash };
  }

  it('applies and verifies only the changed record, and leaves the source validated against the file exactly', async () => {
    await setMode('json-primary');
    await syncAll();
    const id = idOf(20);
    const original = await loaded(id);
    await updateAsset(orm.em.fork(), { id, changes: { title: 'Applied alone' }, original }, options());
    expect((await dbRecord(id))?.title).toBe('Applied alone');
    const sync = await lastSync();
    expect(sync.options.changedRecords).toBe(1);
    const whole = await verifyWhole();
    expect(whole.mismatches).toBe(0);
    expect(sync).toMatchObject({ state: 'validated', root_hash: whole.fileRootHash, db_root_hash: whole.dbRootHash, sha256: whole.fileSha256 });
    expect(whole.dbRootHash).toBe(whole.fileRootHash);
  });

  it('syncs the whole source when the legacy server changed the file since the last sync, so its change is not lost', async () => {
    await setMode('json-primary');
    await syncAll();
    // The legacy server edits another record and the worker has not synced it yet.
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(`"description": "Opportunity number 21"`, `"description": "Edited by the legacy server"`));
    const id = idOf(22);
    const original = await loaded(id);
    await updateAsset(orm.em.fork(), { id, changes: { title: 'Edited in the app' }, original }, options());
    expect((await dbRecord(id))?.title).toBe('Edited in the app');
    expect((await dbRecord(idOf(21)))?.description).toBe('Edited by the legacy server');
    const sync = await lastSync();
    expect(sync.options.changedRecords).toBeUndefined();
    const whole = await verifyWhole();
    expect(whole.mismatches).toBe(0);
    expect(sync).toMatchObject({ state: 'validated', root_hash: whole.fileRootHash, db_root_hash: whole.fileRootHash });
  });

  it('a bulk category change of 1,000 rows is applied as one incremental sync that verifies each of them', async () => {
    await setMode('json-primary');
    await syncAll();
    const ids = Array.from({ length: ASSETS - 30 }, (_, index) => idOf(index + 30));
    const report = await applyBulkAssetChange(orm.em.fork(), { ids, change: { operation: 'category', category: 'Synced in bulk' } }, options());
    expect(report.totals.applied).toBe(ids.length);
    expect((await lastSync()).options.changedRecords).toBe(ids.length);
    const whole = await verifyWhole();
    expect(whole).toMatchObject({ mismatches: 0, dbRootHash: whole.fileRootHash });
  });
});
