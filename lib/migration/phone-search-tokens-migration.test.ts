import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import { maskPhone, phoneSearchTokens } from '@/lib/crypto';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { piiKeyring } from '@/lib/pii-keyring';
import { useFreshDatabase } from '@/lib/testing/fresh-database';
import { storedPhone, storedPhoneColumns } from '@/lib/testing/phones';
import { isMaskedPhone } from './mappings/transactions-log';
import { runImport } from './run-import';
import { runVerify } from './run-verify';

const MIGRATION = 'Migration20261205223000PhoneSearchTokens';

let app: MikroORM;
let owner: MikroORM;
let root: string;
let dir: string;

beforeAll(async () => {
  const fresh = await useFreshDatabase('pend_admin_phone_tokens');
  app = fresh.orm;
  owner = await MikroORM.init({ ...createOrmConfig({ asOwner: true, clientUrl: fresh.url }), allowGlobalContext: true });
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-phone-tokens-'));
  ({ dir } = generateLegacyFolder(root, 'small', 2));
  await runImport(app.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 180_000);

afterAll(() => owner.close(true));

type PhoneRow = { ciphertext: string; key_id: string; masked: string | null; hmac: Buffer | null };

const directoryPhones = (extra: string) =>
  app.em
    .fork()
    .execute<Array<PhoneRow & Record<string, unknown>>>(
      `SELECT ${storedPhoneColumns('full_phone')}, full_phone_masked AS masked, full_phone_hmac AS hmac, ${extra} FROM wallet_directory WHERE full_phone_encrypted IS NOT NULL`,
    );

const logPhones = (extra: string) =>
  app.em
    .fork()
    .execute<Array<PhoneRow & Record<string, unknown>>>(
      `SELECT ${storedPhoneColumns('phone')}, phone_masked AS masked, phone_hmac AS hmac, ${extra} FROM transaction_log WHERE phone_encrypted IS NOT NULL`,
    );

const LEGACY_MASK_TABLES = ['wallet_directory', 'identity_map'];

/** Each row's legacy mask text by table and id, as the import stored it (encrypted). */
async function legacyMasks(): Promise<Map<string, string>> {
  const masks = new Map<string, string>();
  for (const table of LEGACY_MASK_TABLES) {
    const rows = await app.em
      .fork()
      .execute<Array<{ id: string; ciphertext: string; key_id: string }>>(
        `SELECT id, ${storedPhoneColumns('masked_phone')} FROM ${table} WHERE masked_phone_encrypted IS NOT NULL`,
      );
    for (const row of rows) masks.set(`${table}:${row.id}`, storedPhone(row));
  }
  return masks;
}

async function storedMasks(): Promise<Map<string, string>> {
  const masks = new Map<string, string>();
  for (const table of LEGACY_MASK_TABLES) {
    const rows = await app.em
      .fork()
      .execute<Array<{ id: string; masked_phone: string }>>(`SELECT id, masked_phone FROM ${table} WHERE masked_phone IS NOT NULL`);
    for (const row of rows) masks.set(`${table}:${row.id}`, row.masked_phone);
  }
  return masks;
}

describe('migration PhoneSearchTokens on an already-imported database', () => {
  let imported: Map<string, string>;

  it('down restores the last four digits, the old masks and the legacy mask texts from the ciphertext', async () => {
    imported = await legacyMasks();
    expect(imported.size).toBeGreaterThan(10);
    await owner.getMigrator().down({ migrations: [MIGRATION] });
    expect(await storedMasks()).toEqual(imported);
    const rows = [...(await directoryPhones('full_phone_last4 AS last4')), ...(await logPhones('phone_last4 AS last4'))];
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const phone = storedPhone(row);
      if (isMaskedPhone(phone)) {
        expect([row.masked, row.last4]).toEqual([phone, null]);
      } else {
        expect([row.masked, row.last4]).toEqual([`${phone.slice(0, -4)}****`, phone.slice(-4)]);
      }
    }
  });

  it('up writes the two-digit masks and the same tokens and ciphertexts the import writes, and drops every clear last-four column', async () => {
    await owner.getMigrator().up({ migrations: [MIGRATION] });
    expect(await legacyMasks()).toEqual(imported);
    expect(await storedMasks()).toEqual(new Map([...imported].map(([key, mask]) => [key, maskPhone(mask)])));
    const keyring = piiKeyring();
    const rows = [
      ...(await directoryPhones('full_phone_last4_token AS last4_token, full_phone_prefix_tokens AS prefix_tokens')),
      ...(await logPhones('phone_last4_token AS last4_token, phone_prefix_tokens AS prefix_tokens')),
    ];
    for (const row of rows) {
      const phone = storedPhone(row);
      expect(row.masked).toBe(maskPhone(phone));
      if (row.hmac === null) {
        expect([row.last4_token, row.prefix_tokens]).toEqual([null, null]);
        continue;
      }
      const tokens = phoneSearchTokens(keyring, phone);
      expect((row.last4_token as Buffer).equals(tokens.last4Token)).toBe(true);
      expect((row.prefix_tokens as Buffer[]).map((token) => token.toString('hex'))).toEqual(tokens.prefixTokens.map((token) => token.toString('hex')));
    }
    const [{ count }] = await app.em
      .fork()
      .execute<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM information_schema.columns WHERE column_name IN ('phone_last4', 'full_phone_last4')`,
      );
    expect(count).toBe(0);
  });

  it('leaves every record rebuilding exactly: verify finds no mismatch after the round trip', async () => {
    const result = await runVerify(app.em.fork(), { sourceDir: dir, storageDir: path.join(root, 'kyc'), context: { source: 'cli', actorLabel: 'vitest' } });
    expect(result.sources.filter((source) => source.mismatched > 0)).toEqual([]);
    expect(result.state).toBe('validated');
  });
});
