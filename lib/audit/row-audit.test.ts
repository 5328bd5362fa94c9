import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminPoolTiersSource } from '@/lib/legacy/sources';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { syncSources } from '@/lib/migration/sync-sources';
import { useTestOrm } from '@/lib/testing/test-orm';
import { LEGACY_SYNC_CONTEXT, setAuditContext } from './audit-context';

const DOMAIN_TABLES = [
  'assets',
  'users',
  'kyc_applications',
  'kyc_documents',
  'wallet_directory',
  'transaction_log',
  'chain_blocks',
  'chain_transactions',
  'pool_tiers',
  'consents',
  'server_logs',
  'legacy_admin_logs',
  'identity_map',
  'live_stats',
];

type Entry = {
  action: string;
  record_id: string;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  actor_label: string | null;
  source: string;
  changed_at: Date;
};

let app: MikroORM;
let owner: MikroORM;

beforeAll(async () => {
  app = await useTestOrm();
  owner = await useTestOrm('owner');
});

async function auditHead(): Promise<number> {
  const [row] = await app.em.fork().execute<Array<{ seq: string | null }>>(`SELECT max(seq) AS seq FROM audit_trail`);
  return Number(row.seq ?? 0);
}

async function entriesSince(mark: number, table: string): Promise<Entry[]> {
  return app.em
    .fork()
    .execute<Entry[]>(
      `SELECT action, record_id, old_values, new_values, actor_label, source, changed_at FROM audit_trail WHERE seq > ? AND table_name = ? ORDER BY seq`,
      [mark, table],
    );
}

/** Inserts a pool tier row (a minimal domain row) in a transaction that sets the audit context. */
async function insertPoolTier(em: EntityManager, { bulk = false } = {}): Promise<{ id: string; key: string }> {
  const key = `audit-test-${crypto.randomUUID()}`;
  return em.transactional(async (tx) => {
    await setAuditContext(tx, { source: 'system', actorLabel: 'row-audit test' });
    if (bulk) await tx.execute(`SELECT set_config('pend.bulk_load', 'on', true)`);
    const [row] = await tx.execute<Array<{ id: string }>>(
      `INSERT INTO pool_tiers (legacy_key, legacy_position, legacy_hash, min_tier) VALUES (?, 0, repeat('a', 64), 1) RETURNING id`,
      [key],
    );
    return { id: row.id, key };
  });
}

describe('row audit of the domain tables', () => {
  it('puts every domain table under the audit trigger', async () => {
    const rows = await app.em.fork().execute<Array<{ table_name: string }>>(
      `SELECT c.relname AS table_name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE t.tgname = c.relname || '_audit' AND NOT t.tgisinternal`,
    );
    const audited = new Set(rows.map((row) => row.table_name));
    expect(DOMAIN_TABLES.filter((table) => !audited.has(table))).toEqual([]);
  });

  it('records an update with before and after values, the actor, and the database clock, in the same transaction', async () => {
    const { id } = await insertPoolTier(app.em.fork());
    const mark = await auditHead();
    await app.em.fork().transactional(async (tx) => {
      await setAuditContext(tx, { source: 'admin-ui', actorLabel: 'editor@test.pend' });
      await tx.execute(`UPDATE pool_tiers SET min_tier = 3 WHERE id = ?`, [id]);
    });
    const [entry] = await entriesSince(mark, 'pool_tiers');
    expect(entry).toMatchObject({ action: 'UPDATE', record_id: id, actor_label: 'editor@test.pend', source: 'admin-ui' });
    expect(entry.old_values).toMatchObject({ min_tier: 1 });
    expect(entry.new_values).toMatchObject({ min_tier: 3 });

    await expect(
      app.em.fork().transactional(async (tx) => {
        await tx.execute(`UPDATE pool_tiers SET min_tier = 4 WHERE id = ?`, [id]);
        throw new Error('abandon the edit');
      }),
    ).rejects.toThrow('abandon the edit');
    expect((await entriesSince(mark, 'pool_tiers')).map((row) => row.new_values?.min_tier)).toEqual([3]);
  });

  it('takes changed_at from the database even when the caller supplies one', async () => {
    const mark = await auditHead();
    await app.em
      .fork()
      .execute(
        `INSERT INTO audit_trail (table_name, record_id, action, source, changed_at) VALUES ('test', 'backdated', 'TEST', 'system', '2001-01-01T00:00:00Z')`,
      );
    const [entry] = await entriesSince(mark, 'test');
    expect(new Date(entry.changed_at).getUTCFullYear()).toBeGreaterThan(2001);
  });

  it('keeps phone ciphertext, its blind index and its search tokens out of the trail, leaving the masked form', async () => {
    const mark = await auditHead();
    const ciphertext = 'c1a55f1ed0ca7ab1e5ec2e7';
    await app.em.fork().execute(
      `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, phone_encrypted, phone_key_id, phone_hmac, phone_masked,
                                   phone_last4_token, phone_prefix_tokens)
       VALUES (?, 0, repeat('b', 64), decode(?, 'hex'), 'k1', decode('ab12', 'hex'), '+966 •••••••67', decode('cd34', 'hex'), ARRAY[decode('ef56', 'hex')])`,
      [`audit-test-${crypto.randomUUID()}`, `${ciphertext}0`],
    );
    const [entry] = await entriesSince(mark, 'transaction_log');
    expect(JSON.stringify(entry.new_values)).not.toContain(ciphertext);
    expect(entry.new_values).toMatchObject({ phone_masked: '+966 •••••••67' });
    expect(entry.new_values?.phone_last4_token).toMatch(/^redacted:[0-9a-f]{12}$/);
    expect(entry.new_values?.phone_prefix_tokens).toMatch(/^redacted:[0-9a-f]{12}$/);
    expect(entry.new_values?.phone_encrypted).toMatch(/^redacted:[0-9a-f]{12}$/);
    expect(entry.new_values?.phone_hmac).toMatch(/^redacted:[0-9a-f]{12}$/);
  });

  it('still audits every row when the application role sets the bulk-load flag', async () => {
    const mark = await auditHead();
    const { id } = await insertPoolTier(app.em.fork(), { bulk: true });
    expect((await entriesSince(mark, 'pool_tiers')).map((entry) => [entry.action, entry.record_id])).toEqual([['INSERT', id]]);
  });

  it('skips per-row entries only for the migration owner with the bulk-load flag set', async () => {
    const mark = await auditHead();
    const bulk = await insertPoolTier(owner.em.fork(), { bulk: true });
    const plain = await insertPoolTier(owner.em.fork());
    expect((await entriesSince(mark, 'pool_tiers')).map((entry) => entry.record_id)).toEqual([plain.id]);
    expect(bulk.id).not.toBe(plain.id);
  });
});

describe('audit of imports and syncs', () => {
  let dir: string;
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pend-row-audit-'));
    ({ dir } = generateLegacyFolder(root, 'small', 11));
  });

  it("records one event per source and table for the owner's bulk import, with the manifest's root hash, and no row entries", async () => {
    const mark = await auditHead();
    const result = await runImport(owner.em.fork(), {
      sourceDir: dir,
      backupDir: path.join(root, 'backups'),
      storageDir: path.join(root, 'kyc'),
      context: { source: 'cli', actorLabel: 'row-audit test' },
      only: ['admin-pool-tiers', 'kyc-metadata'],
    });
    const entries = await entriesSince(mark, 'pool_tiers');
    expect(entries.map((entry) => entry.action)).toEqual(['BULK_IMPORT']);
    // KYC applications and the documents written beside them (a second table of the same source) likewise.
    expect((await entriesSince(mark, 'kyc_applications')).map((entry) => entry.action)).toEqual(['BULK_IMPORT']);
    expect((await entriesSince(mark, 'kyc_documents')).map((entry) => entry.action)).toEqual(['BULK_IMPORT']);
    const report = result.sources.find((source) => source.source === 'admin-pool-tiers')!;
    expect(entries[0]).toMatchObject({
      record_id: result.runId,
      actor_label: 'row-audit test',
      new_values: { source: 'admin-pool-tiers', rootHash: report.rootHash },
    });
    const [manifest] = await app.em
      .fork()
      .execute<Array<{ root_hash: string }>>(`SELECT root_hash FROM migration_manifests WHERE run_id = ? AND source = 'admin-pool-tiers'`, [result.runId]);
    expect(manifest.root_hash).toBe(report.rootHash);
  });

  it('audits what the sync brings in from the legacy files row by row, as the legacy server via sync', async () => {
    const file = path.join(dir, adminPoolTiersSource.relativePath);
    const tiers = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    const [poolId] = Object.keys(tiers);
    const next = tiers[poolId] === 5 ? 1 : 5;
    writeFileSync(file, `${JSON.stringify({ ...tiers, [poolId]: next }, null, 2)}\n`);
    const mark = await auditHead();
    await syncSources(app.em.fork(), {
      sourceDir: dir,
      storageDir: path.join(root, 'kyc'),
      context: LEGACY_SYNC_CONTEXT,
      worker: 'vitest',
      only: ['admin-pool-tiers'],
    });
    const entries = await entriesSince(mark, 'pool_tiers');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'UPDATE',
      actor_label: 'legacy server, via sync',
      source: 'sync',
      new_values: { legacy_key: poolId, min_tier: next },
    });
  });
});
