import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import { listMismatchesQuerySchema, listQuarantineQuerySchema } from '@/lib/migration-dashboard/migration-dashboard.schemas';
import { findMismatchPage, findQuarantinePage } from '@/lib/migration-dashboard/migration-findings.repository';
import { revealFinding } from '@/lib/migration-dashboard/reveal-finding';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { useFreshDatabase } from '@/lib/testing/fresh-database';
import { runExport } from './run-export';
import { runImport } from './run-import';
import { runVerify } from './run-verify';

/**
 * Issue 13's exposure check: after migrating a legacy-gen folder, a data-only `pg_dump` holds no
 * full phone number of the source in clear, in any spelling (with or without `+`, spaced, dashed),
 * while verification still matches every record and the rollback writes every file back byte-identical.
 * Medium (the largest legacy-gen size) takes about 25 s here (import 16.5 s); the folder also gets numbers in odd spellings where no typed column
 * holds them (unknown members, log data, transaction metadata, a quarantined record).
 */
const SCALE = 'medium';
const MIGRATION = 'Migration20261206040000SealLegacyPii';
const context = { source: 'cli' as const, actorLabel: 'vitest' };
const revealer = { source: 'admin-ui' as const, actorLabel: 'revealer@test.pend' };

let url: string;
let app: MikroORM;
let owner: MikroORM;
let root: string;
let dir: string;
/** Every full number the source holds, as its digits. */
let sourcePhoneDigits: Set<string>;

const FULL_NUMBER = /^\+\d{9,15}$/;

/** Full numbers anywhere in a legacy value, except an opportunity's business contact (decision 064). */
function collectPhones(value: JsonValue, into: Set<string>, member = ''): void {
  if (typeof value === 'string') {
    if (FULL_NUMBER.test(value) && member !== 'contactValue') into.add(value.slice(1));
  } else if (Array.isArray(value)) value.forEach((item) => collectPhones(item, into, member));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) collectPhones(item, into, key);
}

const readJson = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JsonValue & Record<string, unknown>;
const writeJson = (file: string, value: unknown) => writeFileSync(path.join(dir, file), `${JSON.stringify(value, null, 2)}\n`);

const spaced = (digits: string) => `+${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5, 8)} ${digits.slice(8)}`;
const dashed = (digits: string) => `+${digits.slice(0, 2)}-${digits.slice(2, 5)}-${digits.slice(5, 8)}-${digits.slice(8)}`;

type Wallet = Record<string, JsonValue>;

/** Full numbers where the mappings have no phone column, in every spelling the check searches for. */
function plantOddPhones(): void {
  const directory = readJson('explorer-data/wallets-directory.json') as { wallets: Wallet[] };
  const withPhone = directory.wallets.filter((wallet) => typeof wallet.fullPhoneNumber === 'string');
  const digitsOf = (wallet: Wallet) => (wallet.fullPhoneNumber as string).slice(1);
  withPhone[0].contactPhone = spaced(digitsOf(withPhone[0]));
  withPhone[1].backupPhone = digitsOf(withPhone[1]);
  withPhone[2].note = `call ${dashed(digitsOf(withPhone[2]))} after six`;
  withPhone[3].backupPhone = Number(digitsOf(withPhone[3]));
  // U+0000 cannot be stored in a column: the record is quarantined with its raw text.
  withPhone[4].nickname = 'nul\u0000here';
  writeJson('explorer-data/wallets-directory.json', directory);

  const log = readJson('explorer-data/transactions-log.json') as unknown as Wallet[];
  const sent = log.find((row) => row.type === 'egp_sent')!;
  (sent.metadata as Wallet).recipientPhone = `+${digitsOf(withPhone[5])}`;
  writeJson('explorer-data/transactions-log.json', log);

  const serverLogs = readJson('server-logs.json') as { logs: Array<{ data: Wallet }> };
  serverLogs.logs.find((entry) => typeof entry.data.phoneNumber === 'string')!.data.phoneNumber = `+${digitsOf(withPhone[6])}`;
  writeJson('server-logs.json', serverLogs);

  const adminLogs = readJson('admin-logs.json') as { logs: Array<{ data: Wallet }> };
  adminLogs.logs.find((entry) => typeof entry.data.phoneNumber === 'string')!.data.phoneNumber = `+${digitsOf(withPhone[7])}`;
  writeJson('admin-logs.json', adminLogs);
}

/** A written number: optional `+`, digits with single separators between them. */
const NUMBER_RUN = /\+?\d(?:[ \-().]?\d){6,40}/g;

/** Every spelling of a source number found in `text`: the run's digits are the number's, or start with them after a `+`. */
function phonesIn(text: string): string[] {
  const found: string[] = [];
  for (const [run] of text.matchAll(NUMBER_RUN)) {
    const digits = run.replace(/\D/g, '');
    if (sourcePhoneDigits.has(digits)) found.push(run);
    else if (run.startsWith('+')) for (const length of [11, 12, 13]) if (sourcePhoneDigits.has(digits.slice(0, length))) found.push(run);
  }
  return found;
}

/**
 * The database's data as `pg_dump --data-only` writes it; where no pg_dump fits the server (the embedded
 * server ships none, a system one may be older), every table's rows in their text form, which is what
 * COPY (and so pg_dump) writes for each row.
 */
async function dumpData(): Promise<string> {
  try {
    return execFileSync('pg_dump', ['--data-only', '--no-owner', url], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
  } catch {
    const tables = await owner.em
      .fork()
      .execute<Array<{ name: string }>>(
        `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
    const parts: string[] = [];
    for (const { name } of tables) {
      const [row] = await owner.em.fork().execute<Array<{ rows: string | null }>>(`SELECT string_agg(t::text, E'\\n') AS rows FROM ${name} t`);
      parts.push(`COPY public.${name}\n${row.rows ?? ''}`);
    }
    return parts.join('\n');
  }
}

beforeAll(async () => {
  const fresh = await useFreshDatabase('pend_admin_pii_exposure');
  ({ url, orm: app } = fresh);
  owner = await MikroORM.init({ ...createOrmConfig({ asOwner: true, clientUrl: url }), allowGlobalContext: true });
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-pii-exposure-'));
  ({ dir } = generateLegacyFolder(root, SCALE, 1));
  plantOddPhones();
  sourcePhoneDigits = new Set();
  for (const source of LEGACY_SOURCES) collectPhones(readJson(source.relativePath), sourcePhoneDigits);
  const directory = readJson('explorer-data/wallets-directory.json') as { wallets: Wallet[] };
  for (const wallet of directory.wallets) if (typeof wallet.backupPhone === 'number') sourcePhoneDigits.add(String(wallet.backupPhone));
}, 180_000);

afterAll(() => owner.close(true));

describe(`pg_dump after migrating legacy-gen ${SCALE}`, () => {
  it('holds no full phone number of the source in clear, in any spelling, while verification and rollback stay exact', async () => {
    const started = performance.now();
    const imported = await runImport(owner.em.fork(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });
    const importSeconds = (performance.now() - started) / 1000;
    expect(imported.sources.filter((report) => report.state !== 'validated').map((report) => `${report.source}: ${report.error ?? report.state}`)).toEqual([]);
    const quarantined = await app.em.fork().execute<Array<{ n: string }>>(`SELECT count(*) AS n FROM migration_quarantine`);
    expect(Number(quarantined[0].n), 'the planted NUL record is quarantined with its phone').toBe(1);

    const verified = await runVerify(app.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context });
    expect(verified.sources.filter((report) => report.mismatched > 0).map((report) => report.source)).toEqual([]);
    expect(verified.state).toBe('validated');

    const out = path.join(root, 'export');
    await runExport(app.em.fork(), { targetDir: out, storageDir: path.join(root, 'kyc'), context });
    for (const source of LEGACY_SOURCES) {
      expect(readFileSync(path.join(out, source.relativePath)).equals(readFileSync(path.join(dir, source.relativePath))), `${source.relativePath} bytes`).toBe(
        true,
      );
    }

    expect(sourcePhoneDigits.size).toBeGreaterThan(500);
    const dump = await dumpData();
    expect(dump).toContain('COPY public.wallet_directory');
    expect(phonesIn(dump).slice(0, 10)).toEqual([]);
    console.info(
      `pii exposure: ${SCALE} imported in ${importSeconds.toFixed(1)} s, whole check ${((performance.now() - started) / 1000).toFixed(1)} s, dump ${dump.length} chars`,
    );
  }, 240_000);

  it('stores a phone field mismatch sealed, so a verify run with differences writes no number either', async () => {
    const phones = await owner.em
      .fork()
      .execute<Array<{ id: string }>>(
        `SELECT DISTINCT ON (phone_hmac) id FROM transaction_log WHERE phone_encrypted IS NOT NULL ORDER BY phone_hmac, id LIMIT 2`,
      );
    await owner.em
      .fork()
      .execute(
        `UPDATE transaction_log SET (phone_encrypted, phone_key_id) = (SELECT phone_encrypted, phone_key_id FROM transaction_log WHERE id = ?) WHERE id = ?`,
        [phones[1].id, phones[0].id],
      );
    const verified = await runVerify(app.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context });
    const rows = await app.em
      .fork()
      .execute<Array<{ field: string; legacy_value: string; db_value: string }>>(
        `SELECT field, legacy_value::text AS legacy_value, db_value::text AS db_value FROM migration_mismatches WHERE run_id = ?`,
        [verified.runId],
      );
    expect(rows.map((row) => row.field)).toContain('phoneNumber');
    expect(rows.every((row) => row.legacy_value.includes('pii1:') && row.db_value.includes('pii1:'))).toBe(true);
    expect(phonesIn(await dumpData())).toEqual([]);

    const shown = await findMismatchPage(app.em.fork(), listMismatchesQuerySchema.parse({ source: 'transactions-log' }), 200);
    const phoneRows = shown.rows.filter((row) => row.field === 'phoneNumber');
    expect(phoneRows.length).toBeGreaterThan(0);
    for (const row of phoneRows)
      for (const value of [row.legacy_value, row.db_value]) expect(value, 'the dashboard shows the mask').toMatch(/^"\+\d{1,3}\*+\d\d"$/);
  }, 120_000);

  it('the migration dashboard previews a quarantined record with its numbers masked', async () => {
    const { rows } = await findQuarantinePage(app.em.fork(), listQuarantineQuerySchema.parse({}), 2_000);
    expect(rows).toHaveLength(1);
    expect(rows[0].raw_preview).toContain('"fullPhoneNumber":"+');
    expect(rows[0].raw_preview).not.toContain('pii1:');
    expect(phonesIn(rows[0].raw_preview)).toEqual([]);
    expect(rows[0].has_sealed_pii).toBe(true);
  });

  it('an audited reveal decrypts a quarantined record and a mismatch for the admin who gave a reason', async () => {
    const reason = 'checking the quarantined registration';
    const [quarantined] = (await findQuarantinePage(app.em.fork(), listQuarantineQuerySchema.parse({}), 100)).rows;
    const record = await app.em.fork().transactional((em) => revealFinding(em, { kind: 'quarantine', id: quarantined.id, reason }, revealer));
    expect(record.kind === 'quarantine' && phonesIn(record.record).length, 'the full number is revealed').toBe(1);

    const mismatch = (await findMismatchPage(app.em.fork(), listMismatchesQuerySchema.parse({ source: 'transactions-log' }), 200)).rows.find(
      (row) => row.field === 'phoneNumber',
    )!;
    const values = await app.em.fork().transactional((em) => revealFinding(em, { kind: 'mismatch', id: mismatch.id, reason }, revealer));
    expect(values.kind === 'mismatch' && phonesIn(`${values.legacyValue} ${values.dbValue}`).length).toBe(2);

    const events = await app.em
      .fork()
      .execute<Array<{ table_name: string; record_id: string; actor_label: string; new_values: { reason: string } }>>(
        `SELECT table_name, record_id, actor_label, new_values FROM audit_trail WHERE action = 'FINDING_PII_REVEALED' ORDER BY seq`,
      );
    expect(events).toEqual([
      { table_name: 'migration_quarantine', record_id: quarantined.id, actor_label: revealer.actorLabel, new_values: { reason } },
      { table_name: 'migration_mismatches', record_id: String(mismatch.id), actor_label: revealer.actorLabel, new_values: { reason } },
    ]);
    await expect(
      app.em.fork().transactional((em) => revealFinding(em, { kind: 'quarantine', id: quarantined.id, reason: 'short' }, revealer)),
    ).rejects.toThrow();
  });

  it('Migration20261206040000SealLegacyPii seals a database imported before sealing, and its down restores it', async () => {
    const summary = (result: Awaited<ReturnType<typeof runVerify>>) => result.sources.map(({ source, state, mismatched }) => ({ source, state, mismatched }));
    const before = summary(await runVerify(app.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context }));

    await owner.getMigrator().down({ migrations: [MIGRATION] });
    expect(phonesIn(await dumpData()).length, 'down writes the eight planted numbers back in clear, as an import before sealing did').toBeGreaterThanOrEqual(8);
    await owner.getMigrator().up({ migrations: [MIGRATION] });

    expect(phonesIn(await dumpData())).toEqual([]);
    expect(summary(await runVerify(app.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context }))).toEqual(before);
  }, 180_000);
});
