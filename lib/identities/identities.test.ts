import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder, mutateLegacyFolder, type GeneratedFolder } from '@/lib/legacy/testing/legacy-gen';
import { runExport } from '@/lib/migration/run-export';
import { runImport } from '@/lib/migration/run-import';
import { syncSources } from '@/lib/migration/sync-sources';
import { useTestOrm } from '@/lib/testing/test-orm';

const context = { source: 'cli' as const, actorLabel: 'vitest' };
const UNKNOWN_IDENTITY = `0x${'f'.repeat(63)}0`;

/** Identities whose flags disagree with the tables they summarise (none, when the import keeps them). */
const FLAGS_OUT_OF_DATE = `
  SELECT identity_hash FROM identities i
   WHERE in_registry <> EXISTS (SELECT 1 FROM users t WHERE t.identity_hash = i.identity_hash)
      OR in_identity_map <> EXISTS (SELECT 1 FROM identity_map t WHERE t.identity_hash = i.identity_hash)
      OR in_wallet_directory <> EXISTS (SELECT 1 FROM wallet_directory t WHERE t.identity_hash = i.identity_hash)
      OR in_kyc <> (EXISTS (SELECT 1 FROM kyc_applications t WHERE t.identity_hash = i.identity_hash)
                    OR EXISTS (SELECT 1 FROM kyc_documents t WHERE t.identity_hash = i.identity_hash))
      OR in_transactions <> EXISTS (SELECT 1 FROM transaction_log t WHERE t.identity_hash = i.identity_hash)
      OR in_consents <> EXISTS (SELECT 1 FROM consents t WHERE t.identity_hash = i.identity_hash)`;

const RAW_INSERTS = {
  kyc_applications: `INSERT INTO kyc_applications (legacy_key, legacy_position, legacy_hash, status) VALUES (?, 0, repeat('0', 64), 'pending_review')`,
  wallet_directory: `INSERT INTO wallet_directory (legacy_key, legacy_position, legacy_hash, identity_hash, wallet_address) VALUES ('fk-test', 0, repeat('0', 64), ?, '0xfk')`,
  transaction_log: `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, identity_hash) VALUES ('fk-test', 0, repeat('0', 64), ?)`,
};

let app: MikroORM;
let owner: MikroORM;
let root: string;
let folder: GeneratedFolder;

beforeAll(async () => {
  app = await useTestOrm('app');
  owner = await useTestOrm('owner');
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-identities-'));
  folder = generateLegacyFolder(root, 'small', 3);
  await importFolder();
}, 120_000);

const importFolder = () =>
  runImport(app.em.fork(), { sourceDir: folder.dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });

const identities = async () => app.em.fork().execute<Array<Record<string, unknown>>>(`SELECT * FROM identities ORDER BY identity_hash`);

describe('identities and their foreign keys', () => {
  it.each(Object.entries(RAW_INSERTS).flatMap(([table, sql]) => (['app', 'owner'] as const).map((role) => [table, role, sql] as const)))(
    'a raw INSERT into %s for an identity that identities lacks is refused by the foreign key (as the %s role)',
    async (table, role, sql) => {
      const orm = role === 'app' ? app : owner;
      await expect(orm.em.fork().getConnection().execute(sql, [UNKNOWN_IDENTITY])).rejects.toMatchObject({
        code: '23503',
        constraint: `${table}_identity_hash_fkey`,
      });
    },
  );

  it('the generator’s expected orphans are identities that are not registered, and every flag matches the tables', async () => {
    const { anomalies: kyc } = folder.expected.sources['uploads/kyc/metadata.json'];
    const { anomalies: directory } = folder.expected.sources['explorer-data/wallets-directory.json'];
    expect(kyc.orphanKey.length + directory.notInWalletDb.length).toBeGreaterThan(0);
    const rows = await app.em
      .fork()
      .execute<Array<{ identity_hash: string; in_registry: boolean; in_kyc: boolean; in_wallet_directory: boolean }>>(
        `SELECT identity_hash, in_registry, in_kyc, in_wallet_directory FROM identities WHERE identity_hash IN (?)`,
        [[...kyc.orphanKey, ...directory.notInWalletDb]],
      );
    const byHash = new Map(rows.map((row) => [row.identity_hash, row]));
    for (const hash of kyc.orphanKey) expect(byHash.get(hash), hash).toMatchObject({ in_registry: false, in_kyc: true });
    for (const hash of directory.notInWalletDb) expect(byHash.get(hash), hash).toMatchObject({ in_registry: false, in_wallet_directory: true });
    expect(await app.em.fork().execute(FLAGS_OUT_OF_DATE)).toEqual([]);
  });

  it('re-importing the same folder verifies clean and changes no identity', async () => {
    const before = await identities();
    const run = await importFolder();
    expect(run.state).toBe('validated');
    // Compared as text: the report derived from `identities` keeps the --expect file's order of kinds and keys.
    for (const report of run.sources) {
      const expected = folder.expected.sources[report.relativePath];
      expect(JSON.stringify(report.anomalies), report.source).toBe(JSON.stringify(expected.anomalies));
    }
    expect(await identities()).toEqual(before);
  }, 120_000);

  it('the sync worker’s incremental path keeps identities up to date with the legacy server’s writes', async () => {
    const changes = mutateLegacyFolder(folder.dir, 3, 80);
    expect(changes.some((change) => change.file === 'wallet-db.json')).toBe(true);
    const results = await syncSources(app.em.fork(), { sourceDir: folder.dir, storageDir: path.join(root, 'kyc'), context, worker: 'identities-test' });
    expect(results).not.toBe('run-holds-lock');
    expect(await app.em.fork().execute(FLAGS_OUT_OF_DATE)).toEqual([]);
    const [registered] = await app.em
      .fork()
      .execute<Array<{ missing: string }>>(`SELECT count(*) AS missing FROM users u JOIN identities i USING (identity_hash) WHERE NOT i.in_registry`);
    expect(Number(registered.missing)).toBe(0);
  }, 120_000);

  it('the documents of a quarantined KYC application are still stored, under their identity and no application, and written back by a rollback', async () => {
    const quarantined = generateLegacyFolder(root, 'small', 4);
    const metadataFile = path.join(quarantined.dir, 'uploads', 'kyc', 'metadata.json');
    const metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<
      string,
      { verificationStatus: string; documents: Record<string, { id: string }> }
    >;
    const [identity, application] = Object.entries(metadata).find(([, entry]) => Object.keys(entry.documents).length > 0)!;
    application.verificationStatus = 'not-a-status';
    writeFileSync(metadataFile, JSON.stringify(metadata, null, 2));
    const storageDir = path.join(root, 'kyc-quarantined');
    const run = await runImport(app.em.fork(), { sourceDir: quarantined.dir, backupDir: path.join(root, 'backups'), storageDir, context });
    expect(run.sources.find((report) => report.source === 'kyc-metadata')).toMatchObject({ state: 'validated', quarantined: 1 });

    const documents = await app.em
      .fork()
      .execute<Array<{ application_id: string | null; stored_filename: string; status: string }>>(
        `SELECT application_id, stored_filename, status FROM kyc_documents WHERE identity_hash = ?`,
        [identity],
      );
    expect(documents.map((document) => document.stored_filename).sort()).toEqual(
      Object.values(application.documents)
        .map((document) => document.id)
        .sort(),
    );
    expect(documents.every((document) => document.application_id === null)).toBe(true);
    const [known] = await app.em.fork().execute<Array<{ in_kyc: boolean }>>(`SELECT in_kyc FROM identities WHERE identity_hash = ?`, [identity]);
    expect(known.in_kyc).toBe(true);
    expect(await app.em.fork().execute(FLAGS_OUT_OF_DATE)).toEqual([]);

    const out = path.join(root, 'quarantined-export');
    await runExport(app.em.fork(), { targetDir: out, storageDir, context });
    for (const document of documents.filter((entry) => entry.status !== 'missing')) {
      const file = path.join('uploads', 'kyc', document.stored_filename);
      expect(readFileSync(path.join(out, file)).equals(readFileSync(path.join(quarantined.dir, file))), file).toBe(true);
    }
  }, 120_000);
});
