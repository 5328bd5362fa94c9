import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as userTiersRoute from '@/app/api/admin/user-tiers/route';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { getOrm } from '@/lib/db';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { getLegacySource } from '@/lib/legacy/sources';
import { DEVELOPMENT_ADMIN_KEY } from '@/lib/legacy-api/admin-key';
import { flushAuthAttempts } from '@/lib/legacy-api/auth-audit';
import { invalidateLegacyResponses } from '@/lib/legacy-api/response-cache';
import { call, importLegacyFolder, legacyTestFolder } from '@/lib/legacy-api/testing';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { detectDelimiter, parseTierImportCsv } from './tier-import-csv';
import { TIER_IMPORT_MAX_ROWS, type TierImportLine } from './tier-import.dto';
import { applyTierImport, dryRunTierImport, listTierImports } from './tier-import.service';

const folder = legacyTestFolder(16);
const { dir } = folder;
// Set before anything reads the environment (env() parses it once): the write path's legacy data folder.
process.env.LEGACY_DATA_DIR = dir;
const context = { source: 'admin-ui' as const, actorLabel: 'vitest-import' };
const encoder = new TextEncoder();
let orm: MikroORM;
let actor: { id: string; email: string };

type Person = { hash: string; wallet: string; phone: string; tier: number };
/** Identities both files hold, with a full phone in the wallet directory (the fixture's synthetic numbers). */
let people: Person[];

function directory(): Map<string, JsonObject> {
  const adapter = getLegacySource('wallets-directory');
  return new Map(adapter.parse(readFileSync(path.join(dir, adapter.relativePath))).records.map((record) => [record.key, record.value as JsonObject]));
}

async function dbTier(hash: string): Promise<number | null> {
  const [row] = await orm.em.fork().execute<Array<{ tier: number | null }>>(`SELECT tier FROM identity_map WHERE legacy_key = ?`, [hash]);
  return row.tier;
}

/** Builds an import file: a header and rows, joined by the delimiter and line ending given. */
function csv(rows: string[][], { delimiter = ',', eol = '\n', bom = false } = {}): Uint8Array {
  const text = rows.map((row) => row.join(delimiter)).join(eol) + eol;
  return encoder.encode((bom ? '\uFEFF' : '') + text);
}

const byRow = (lines: TierImportLine[]) => new Map(lines.map((line) => [line.row, line]));

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(await ownerEm(), folder);
  const rows = await orm.em
    .fork()
    .execute<Array<{ hash: string; tier: number }>>(
      `SELECT m.legacy_key AS hash, m.tier FROM identity_map m JOIN wallet_directory d ON d.legacy_key = m.legacy_key WHERE d.full_phone_hmac IS NOT NULL AND m.tier IS NOT NULL ORDER BY m.legacy_key LIMIT 10`,
    );
  const records = directory();
  people = rows.map((row) => {
    const record = records.get(row.hash)!;
    return { hash: row.hash, tier: row.tier, wallet: String(record.walletAddress), phone: String(record.fullPhoneNumber) };
  });
  expect(people).toHaveLength(10);
  const { user } = await orm.em.fork().transactional((em) => createAdminUser(em, { email: randomEmail('importer'), name: 'Importer', role: 'kyc_verifier' }));
  actor = { id: user.id, email: user.email };
});

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

describe('the CSV parser (csv-parse)', () => {
  const header = ['identity_hash', 'tier', 'reason'];
  const hash = `0x${'1'.repeat(64)}`;

  it('reads a UTF-8 BOM, CRLF lines and quoted fields with commas, quotes and line breaks inside', () => {
    const bytes = csv([header, [hash, '2', '"Verified, in branch"'], [hash, '3', '"He said ""yes""\r\non the phone"']], { eol: '\r\n', bom: true });
    const { rows, delimiter } = parseTierImportCsv(bytes);
    expect(delimiter).toBe(',');
    expect(rows).toEqual([
      { row: 2, identityHash: hash, tier: '2', reason: 'Verified, in branch' },
      { row: 3, identityHash: hash, tier: '3', reason: 'He said "yes"\r\non the phone' },
    ]);
  });

  it("detects Excel's semicolon dialect (commas inside the reason stay text)", () => {
    const bytes = csv(
      [
        ['Identity Hash', 'New tier', 'Reason'],
        [hash, '4', 'Reviewed, approved'],
      ],
      { delimiter: ';', eol: '\r\n', bom: true },
    );
    expect(parseTierImportCsv(bytes).rows).toEqual([{ row: 2, identityHash: hash, tier: '4', reason: 'Reviewed, approved' }]);
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('a;"b,c,d";e\n')).toBe(';');
  });

  it('refuses a file over 10 MB and one over 50,000 rows with a clear message', () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61);
    expect(() => parseTierImportCsv(big)).toThrow(/10\.0 MB; an import takes at most 10 MB/);
    const many = [header, ...Array.from({ length: TIER_IMPORT_MAX_ROWS + 1 }, () => [hash, '1', 'Quarterly review'])];
    expect(() => parseTierImportCsv(csv(many))).toThrow(/more than 50,000 rows/);
    expect(parseTierImportCsv(csv(many.slice(0, TIER_IMPORT_MAX_ROWS + 1))).rows).toHaveLength(TIER_IMPORT_MAX_ROWS);
  });

  it('refuses a header without the needed columns, an empty file and malformed CSV, saying which', () => {
    expect(() =>
      parseTierImportCsv(
        csv([
          ['name', 'tier'],
          ['x', '1'],
        ]),
      ),
    ).toThrow(/does not name the columns an import needs/);
    expect(() => parseTierImportCsv(encoder.encode('\uFEFF\r\n'))).toThrow(/The file is empty/);
    expect(() => parseTierImportCsv(encoder.encode('identity_hash,tier,reason\n"unterminated,1,x\n'))).toThrow(/not valid CSV/);
  });
});

describe('the dry run', () => {
  it('gives every row its outcome with the row number and reason, writing nothing', async () => {
    const [a, b, c, d, e] = people;
    const other = people[9];
    const unknownHash = `0x${'ef'.repeat(32)}`;
    const bytes = csv([
      ['user', 'tier', 'reason'],
      [a.hash, String((a.tier + 1) % 6), 'Verified documents'], // 2 will change (identity hash)
      [b.wallet.toUpperCase().replace('0X', '0x'), String(b.tier), 'Confirming'], // 3 no change (wallet, any case)
      [c.phone, String((c.tier + 1) % 6), 'Phoned the branch'], // 4 will change (phone, blind index)
      [unknownHash, '1', 'Verified documents'], // 5 unknown user
      [d.hash, '7', 'Verified documents'], // 6 bad tier
      [d.hash, 'two', 'Verified documents'], // 7 bad tier
      [a.hash, '3', 'Again'], // 8 duplicate of row 2
      [e.hash, '2', ''], // 9 incomplete: no reason
      ['', '2', 'Verified documents'], // 10 incomplete: no user
      ['0x1234', '2', 'Verified documents'], // 11 incomplete: not an identifier
      ['+20 100 000 0000', '2', 'Verified documents'], // 12 unknown user (a phone nobody has)
    ]);
    const withIdentifiers = csv([
      ['identity hash', 'wallet address', 'tier', 'reason'],
      [d.hash, other.wallet, '2', 'Verified documents'], // 2 ambiguous: the hash and the wallet name different users
    ]);
    const before = readFileSync(path.join(dir, 'explorer-data/identity-map.json'));
    const dryRun = await dryRunTierImport(orm.em.fork(), { name: 'tiers.csv', bytes });
    const lines = byRow(dryRun.lines);
    expect(lines.get(2)).toMatchObject({ outcome: 'will_change', identityHash: a.hash, from: a.tier, to: (a.tier + 1) % 6 });
    expect(lines.get(3)).toMatchObject({ outcome: 'no_change', identityHash: b.hash, reason: `already tier ${b.tier}` });
    expect(lines.get(4)).toMatchObject({ outcome: 'will_change', identityHash: c.hash });
    expect(lines.get(4)!.user).not.toContain(c.phone.slice(-4));
    expect(lines.get(5)).toMatchObject({ outcome: 'unknown_user', reason: 'no user has this identity hash' });
    expect(lines.get(6)).toMatchObject({ outcome: 'bad_tier', reason: '"7" is not a tier (a whole number 0–5)' });
    expect(lines.get(7)).toMatchObject({ outcome: 'bad_tier' });
    expect(lines.get(8)).toMatchObject({ outcome: 'duplicate', reason: 'the same user as row 2' });
    expect(lines.get(9)).toMatchObject({ outcome: 'invalid', reason: expect.stringMatching(/no reason/) });
    expect(lines.get(10)).toMatchObject({ outcome: 'invalid', reason: 'no identity hash, wallet address or phone number' });
    expect(lines.get(11)).toMatchObject({ outcome: 'invalid', reason: expect.stringMatching(/is not an identity hash, a wallet address or a phone number/) });
    expect(lines.get(12)).toMatchObject({ outcome: 'unknown_user', reason: 'no user has this phone' });
    expect(dryRun.counts).toEqual({ will_change: 2, no_change: 1, unknown_user: 2, ambiguous: 0, bad_tier: 2, duplicate: 1, invalid: 3 });
    expect(dryRun.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(dryRun)).not.toContain(c.phone);

    expect(byRow((await dryRunTierImport(orm.em.fork(), { name: 'both.csv', bytes: withIdentifiers })).lines).get(2)).toMatchObject({
      outcome: 'ambiguous',
      reason: 'the identifiers name different users',
    });
    expect(readFileSync(path.join(dir, 'explorer-data/identity-map.json')).equals(before)).toBe(true);
  });

  it('calls a phone two users share ambiguous', async () => {
    const [first, second] = people.slice(5, 7);
    const owner = await ownerEm();
    const [{ original }] = await owner.execute<Array<{ original: Buffer }>>(`SELECT full_phone_hmac AS original FROM wallet_directory WHERE legacy_key = ?`, [
      second.hash,
    ]);
    await owner.execute(
      `UPDATE wallet_directory SET full_phone_hmac = (SELECT full_phone_hmac FROM wallet_directory WHERE legacy_key = ?) WHERE legacy_key = ?`,
      [first.hash, second.hash],
    );
    try {
      const dryRun = await dryRunTierImport(orm.em.fork(), {
        name: 'shared.csv',
        bytes: csv([
          ['phone', 'tier', 'reason'],
          [first.phone, '1', 'Verified documents'],
        ]),
      });
      expect(dryRun.lines[0]).toMatchObject({ outcome: 'ambiguous', reason: 'the phone matches 2 users' });
    } finally {
      await owner.execute(`UPDATE wallet_directory SET full_phone_hmac = ? WHERE legacy_key = ?`, [original, second.hash]);
    }
  });
});

describe('apply', () => {
  it('changes exactly the will-change rows in one transaction, stores the file hash and result, audits once, and the legacy API shows it', async () => {
    const [a, b, , , , , , c, d] = people;
    const bytes = csv(
      [
        ['Identity hash', 'Tier', 'Reason'],
        [a.hash, String((a.tier + 2) % 6), 'Quarterly review'],
        [b.hash, '9', 'Quarterly review'],
        [c.hash, String((c.tier + 2) % 6), 'Quarterly review'],
        [d.hash, String(d.tier), 'Quarterly review'],
      ],
      { delimiter: ';', eol: '\r\n', bom: true },
    );
    const dryRun = await dryRunTierImport(orm.em.fork(), { name: 'q4.csv', bytes });
    expect(dryRun.counts).toMatchObject({ will_change: 2, bad_tier: 1, no_change: 1 });

    await expect(
      applyTierImport(orm.em.fork(), { name: 'q4.csv', bytes, sha256: dryRun.sha256, willChange: 3 }, actor, { ...context, actorId: actor.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      applyTierImport(orm.em.fork(), { name: 'q4.csv', bytes, sha256: 'f'.repeat(64), willChange: 2 }, actor, { ...context, actorId: actor.id }),
    ).rejects.toThrow(/not the file of the dry run/);
    expect(await dbTier(a.hash)).toBe(a.tier);

    const result = await applyTierImport(orm.em.fork(), { name: 'q4.csv', bytes, sha256: dryRun.sha256, willChange: 2 }, actor, {
      ...context,
      actorId: actor.id,
    });
    expect(result.changed).toBe(2);
    expect(await dbTier(a.hash)).toBe((a.tier + 2) % 6);
    expect(await dbTier(c.hash)).toBe((c.tier + 2) % 6);
    expect(await dbTier(b.hash)).toBe(b.tier);
    expect(directory().get(a.hash)!.identity).toMatchObject({ tier: (a.tier + 2) % 6 });

    await invalidateLegacyResponses();
    const legacy = await call(userTiersRoute.GET, '/api/admin/user-tiers?limit=500', { headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } });
    const tiers = new Map((legacy.body.users as Array<{ identityHash: string; tier: number }>).map((user) => [user.identityHash, user.tier]));
    expect([tiers.get(a.hash), tiers.get(b.hash), tiers.get(c.hash)]).toEqual([(a.tier + 2) % 6, b.tier, (c.tier + 2) % 6]);

    const [stored] = await orm.em
      .fork()
      .execute<Array<{ file_sha256: string; changed_count: number; row_count: number; imported_by_label: string; result: TierImportLine[] }>>(
        `SELECT file_sha256, changed_count, row_count, imported_by_label, result FROM tier_imports WHERE id = ?::uuid`,
        [result.id],
      );
    expect(stored).toMatchObject({ file_sha256: dryRun.sha256, changed_count: 2, row_count: 4, imported_by_label: actor.email });
    expect(stored.result.map((line) => line.outcome)).toEqual(['will_change', 'bad_tier', 'will_change', 'no_change']);
    const events = await orm.em
      .fork()
      .execute<Array<{ new_values: JsonObject; changed_by: string }>>(
        `SELECT new_values, changed_by FROM audit_trail WHERE action = 'TIER_IMPORT' AND record_id = ?`,
        [`import:${result.id}`],
      );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ changed_by: actor.id, new_values: { fileSha256: dryRun.sha256, totals: { changed: 2 } } });
    expect((await listTierImports(orm.em.fork()))[0]).toMatchObject({ id: result.id, fileName: 'q4.csv', changed: 2 });

    // Applying it again changes nothing: every good row is now "no change".
    const again = await dryRunTierImport(orm.em.fork(), { name: 'q4.csv', bytes });
    expect(again.counts.will_change).toBe(0);
    await expect(applyTierImport(orm.em.fork(), { name: 'q4.csv', bytes, sha256: again.sha256, willChange: 0 }, actor, context)).rejects.toThrow(
      /nothing to apply/,
    );
  });

  it('all or nothing: a failure while writing leaves every tier and no import record', async () => {
    const [e, f] = people.slice(3, 5);
    const bytes = csv([
      ['identity_hash', 'tier', 'reason'],
      [e.hash, String((e.tier + 1) % 6), 'Quarterly review'],
      [f.hash, String((f.tier + 1) % 6), 'Quarterly review'],
    ]);
    const dryRun = await dryRunTierImport(orm.em.fork(), { name: 'fails.csv', bytes });
    const mapFile = readFileSync(path.join(dir, 'explorer-data/identity-map.json'));
    const owner = await ownerEm();
    await owner.execute(`CREATE FUNCTION test_refuse_import() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected import failure'; END $$;
      CREATE TRIGGER test_refuse_import BEFORE INSERT ON tier_imports FOR EACH ROW EXECUTE FUNCTION test_refuse_import();`);
    try {
      await expect(applyTierImport(orm.em.fork(), { name: 'fails.csv', bytes, sha256: dryRun.sha256, willChange: 2 }, actor, context)).rejects.toThrow(
        /injected/,
      );
    } finally {
      await owner.execute(`DROP TRIGGER test_refuse_import ON tier_imports; DROP FUNCTION test_refuse_import();`);
    }
    expect([await dbTier(e.hash), await dbTier(f.hash)]).toEqual([e.tier, f.tier]);
    expect(readFileSync(path.join(dir, 'explorer-data/identity-map.json')).equals(mapFile)).toBe(true);
    const [{ n }] = await orm.em.fork().execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM tier_imports WHERE file_sha256 = ?`, [dryRun.sha256]);
    expect(n).toBe(0);
  });
});
