import { createHmac } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import { useFreshDatabase } from '@/lib/testing/fresh-database';
import { AUDIT_ANCHOR_FILE, checkAuditAnchors, writeAuditAnchor } from './audit-anchor';
import { recordAuditEvent } from './record-audit-event';
import { verifyAuditChain } from './verify-audit-chain';

const KEY = Buffer.alloc(32, 7).toString('base64');
const context = { source: 'system' as const, actorLabel: 'anchor-test' };
const silent = () => undefined;

// Tampering needs triggers off and rows deleted, so this file has a database of its own.
let app: MikroORM;
let owner: MikroORM;

beforeAll(async () => {
  const fresh = await useFreshDatabase('pend_audit_anchor');
  app = fresh.orm;
  owner = await MikroORM.init({ ...createOrmConfig({ asOwner: true, clientUrl: fresh.url }), allowGlobalContext: true });
}, 120_000);
afterAll(() => owner?.close(true));

async function record(recordId: string): Promise<void> {
  await recordAuditEvent(app.em.fork(), { action: 'TEST', tableName: 'test', recordId }, context);
}

/** A fresh backup folder holding one anchor of the chain as it is now. */
async function anchoredBackupDir(): Promise<string> {
  const backupDir = mkdtempSync(path.join(os.tmpdir(), 'pend-anchor-'));
  const anchor = await writeAuditAnchor(app.em.fork(), { key: KEY, backupDir, log: silent });
  expect(anchor).not.toBeNull();
  return backupDir;
}

/** Runs `sql` as the owner with triggers off (what someone holding the owner's or a superuser's login could do). */
async function tamper(sql: string): Promise<void> {
  await owner.em.fork().transactional(async (tx) => {
    await tx.execute(`SET LOCAL session_replication_role = replica`);
    await tx.execute(sql);
  });
}

describe('audit anchor', () => {
  it('writes a signed head line to a 0600 file, does not repeat an unmoved head, and verifies against an intact chain', async () => {
    await record('anchor-a');
    const backupDir = await anchoredBackupDir();
    const file = path.join(backupDir, AUDIT_ANCHOR_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await writeAuditAnchor(app.em.fork(), { key: KEY, backupDir, log: silent })).toBeNull();
    await record('anchor-b');
    await writeAuditAnchor(app.em.fork(), { key: KEY, backupDir, log: silent });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(await checkAuditAnchors(app.em.fork(), { key: KEY, backupDir })).toMatchObject({ ok: true, anchorsChecked: 2 });
  });

  it("checks only this database's anchors: another database's anchors in the same folder are counted, not held against this chain", async () => {
    await record('anchor-other-database');
    const backupDir = await anchoredBackupDir();
    const file = path.join(backupDir, AUDIT_ANCHOR_FILE);
    const line = JSON.parse(readFileSync(file, 'utf8')) as { database: string; seq: number; rowHash: string; anchoredAt: string };
    const foreign = { ...line, database: `${line.database}_other`, seq: line.seq + 1_000_000 };
    const mac = createHmac('sha256', Buffer.from(KEY, 'base64'))
      .update(`pend-audit-anchor:v1\n${foreign.database}\n${foreign.seq}\n${foreign.rowHash}\n${foreign.anchoredAt}`)
      .digest('hex');
    appendFileSync(file, `${JSON.stringify({ ...foreign, mac })}\n`);
    expect(await checkAuditAnchors(app.em.fork(), { key: KEY, backupDir })).toMatchObject({ ok: true, anchorsChecked: 1, otherDatabases: 1 });
  });

  it('refuses an anchor whose signature does not verify with the key (a forged or edited line)', async () => {
    await record('anchor-forged');
    const backupDir = await anchoredBackupDir();
    const file = path.join(backupDir, AUDIT_ANCHOR_FILE);
    const line = JSON.parse(readFileSync(file, 'utf8')) as { seq: number };
    writeFileSync(file, `${JSON.stringify({ ...line, seq: line.seq - 1 })}\n`);
    expect(await checkAuditAnchors(app.em.fork(), { key: KEY, backupDir })).toMatchObject({ ok: false, reason: 'signature-invalid', line: 1 });
    expect(await checkAuditAnchors(app.em.fork(), { key: Buffer.alloc(32, 8).toString('base64'), backupDir: await anchoredBackupDir() })).toMatchObject({
      ok: false,
      reason: 'signature-invalid',
    });
  });

  it('detects deleting the newest audit row: the chain alone still verifies, the anchor check names the anchored entry as gone', async () => {
    await record('anchor-before-delete');
    await record('anchor-newest');
    const backupDir = await anchoredBackupDir();
    const [newest] = await app.em.fork().execute<Array<{ seq: string }>>(`SELECT seq FROM audit_trail ORDER BY seq DESC LIMIT 1`);

    await tamper(`DELETE FROM audit_trail WHERE seq = ${Number(newest.seq)}`);

    expect(await verifyAuditChain(app.em.fork())).toMatchObject({ intact: true });
    expect(await checkAuditAnchors(app.em.fork(), { key: KEY, backupDir })).toMatchObject({
      ok: false,
      reason: 'entry-missing',
      anchor: { seq: Number(newest.seq) },
    });
  });

  it('detects a recomputed chain: an edited entry with every later hash recomputed passes the chain check but not the anchor', async () => {
    await record('anchor-edit-target');
    await record('anchor-after-edit');
    const backupDir = await anchoredBackupDir();
    const [target] = await app.em.fork().execute<Array<{ seq: string }>>(`SELECT seq FROM audit_trail WHERE record_id = 'anchor-edit-target'`);

    await tamper(`
      DO $$
      DECLARE
        entry record;
        last_hash char(64);
      BEGIN
        UPDATE audit_trail SET action = 'FORGED' WHERE seq = ${Number(target.seq)};
        SELECT row_hash INTO last_hash FROM audit_trail WHERE seq < ${Number(target.seq)} ORDER BY seq DESC LIMIT 1;
        FOR entry IN SELECT id FROM audit_trail WHERE seq >= ${Number(target.seq)} ORDER BY seq LOOP
          UPDATE audit_trail SET prev_hash = coalesce(last_hash, repeat('0', 64)) WHERE id = entry.id;
          UPDATE audit_trail a SET row_hash = audit_row_hash(a) WHERE id = entry.id RETURNING row_hash INTO last_hash;
        END LOOP;
      END
      $$`);

    expect(await verifyAuditChain(app.em.fork())).toMatchObject({ intact: true });
    expect(await checkAuditAnchors(app.em.fork(), { key: KEY, backupDir })).toMatchObject({ ok: false, reason: 'hash-differs' });
  });

  it('ignores a changed_at the application role gives, even for a legacy-log entry; the owner import keeps the legacy time', async () => {
    const given = '2001-02-03T04:05:06.000Z';
    const insert = `INSERT INTO audit_trail (table_name, record_id, action, source, changed_at) VALUES ('test', ?, 'TEST', 'legacy-log', ?)`;
    await app.em.fork().execute(insert, ['changed-at-app', given]);
    await owner.em.fork().execute(insert, ['changed-at-owner', given]);
    const rows = await app.em
      .fork()
      .execute<Array<{ record_id: string; changed_at: Date }>>(`SELECT record_id, changed_at FROM audit_trail WHERE record_id LIKE 'changed-at-%'`);
    const at = Object.fromEntries(rows.map((row) => [row.record_id, new Date(row.changed_at).getTime()]));
    expect(Math.abs(at['changed-at-app'] - Date.now())).toBeLessThan(60_000);
    expect(at['changed-at-owner']).toBe(Date.parse(given));
  });
});
