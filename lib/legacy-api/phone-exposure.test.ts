import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callingCodeOf } from '@/lib/crypto';
import { getOrm } from '@/lib/db';
import { useTestOrm } from '@/lib/testing/test-orm';
import * as walletListRoute from '@/app/api/wallet/wallets/route';
import * as walletDetailRoute from '@/app/api/wallet/[address]/route';
import * as explorerWalletsRoute from '@/app/api/explorer/wallets/route';
import * as explorerTransactionsRoute from '@/app/api/explorer/transactions/route';
import * as explorerConsentRoute from '@/app/api/explorer/transactions/by-type/consent/route';
import * as explorerAdvancedRoute from '@/app/api/explorer/advanced/route';
import * as logsRoute from '@/app/api/logs/route';
import { flushAuthAttempts } from './auth-audit';
import { call, importLegacyFolder, legacyTestFolder } from './testing';

let orm: MikroORM;
const folder = legacyTestFolder(7);
// Set before anything reads the environment (env() parses it once): the handlers' legacy data folder.
process.env.LEGACY_DATA_DIR = folder.dir;

/** Tables whose rows carry a phone (its ciphertext, mask or tokens) or a record keyed by one. */
const PHONE_TABLES = ['wallet_directory', 'transaction_log', 'users', 'identity_map'];
/** A phone-like string in a body: `+`, digits and hidden positions. */
const PHONE_LIKE = /\+\d[\d*X•]{6,14}/g;

/** Every full E.164 number anywhere in the legacy folder's JSON files. */
function sourcePhones(dir: string): Set<string> {
  const phones = new Set<string>();
  const visit = (at: string) => {
    for (const name of readdirSync(at)) {
      const entry = path.join(at, name);
      if (statSync(entry).isDirectory()) visit(entry);
      else if (name.endsWith('.json')) for (const match of readFileSync(entry, 'utf8').match(/\+\d{8,15}(?!\d)/g) ?? []) phones.add(match);
    }
  };
  visit(dir);
  return phones;
}

/** The digits a phone-like string shows beyond its country code (`+20********78` → 2). */
function digitsBeyondCountryCode(shown: string): number {
  const country = callingCodeOf(shown.slice(1).match(/^\d+/)?.[0] ?? '');
  return shown.slice(1 + country.length).replace(/\D/g, '').length;
}

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(orm.em.fork(), folder);
}, 120_000);

afterAll(async () => {
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

describe('stored phones after importing legacy-gen small', () => {
  it('no *_last4 column of clear digits exists anywhere in the schema', async () => {
    const columns = await orm.em
      .fork()
      .execute<Array<{ table_name: string; column_name: string }>>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%last4%' AND data_type <> 'bytea'`,
      );
    expect(columns).toEqual([]);
  });

  it('no text or jsonb column of a phone-bearing table holds a full source number, nor a mask (legacy masks included) showing more than two digits', async () => {
    const phones = sourcePhones(folder.dir);
    expect(phones.size, 'legacy-gen small has full numbers to look for').toBeGreaterThan(10);
    for (const table of PHONE_TABLES) {
      const columns = await orm.em
        .fork()
        .execute<Array<{ column_name: string }>>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? AND data_type IN ('text', 'jsonb', 'character varying', 'ARRAY')`,
          [table],
        );
      expect(columns.length, table).toBeGreaterThan(0);
      const rows = await orm.em
        .fork()
        .execute<Array<{ dump: string }>>(
          `SELECT concat_ws(' ', ${columns.map(({ column_name }) => `${column_name}::text`).join(', ')}) AS dump FROM ${table}`,
        );
      const dump = rows.map((row) => row.dump).join('\n');
      const leaked = [...phones].filter((phone) => dump.includes(phone) || dump.includes(phone.slice(1)));
      expect(leaked, `${table} holds full numbers in clear`).toEqual([]);
    }
    const masks = await orm.em.fork().execute<Array<{ masked: string }>>(
      `SELECT full_phone_masked AS masked FROM wallet_directory WHERE full_phone_masked IS NOT NULL
          UNION ALL SELECT phone_masked FROM transaction_log WHERE phone_masked IS NOT NULL
          UNION ALL SELECT masked_phone FROM wallet_directory WHERE masked_phone IS NOT NULL
          UNION ALL SELECT masked_phone FROM identity_map WHERE masked_phone IS NOT NULL`,
    );
    expect(masks.length).toBeGreaterThan(0);
    for (const { masked } of masks) expect(digitsBeyondCountryCode(masked.replace(' ', '')), masked).toBeLessThanOrEqual(2);
  });
});

describe('public legacy responses', () => {
  it('contain no identity hash and no phone showing more than its country code and two digits', async () => {
    const identities = await orm.em.fork().execute<Array<{ identity_hash: string }>>(`SELECT identity_hash FROM identities`);
    expect(identities.length).toBeGreaterThan(10);
    const [wallet] = await orm.em
      .fork()
      .execute<Array<{ wallet_address: string }>>(`SELECT wallet_address FROM wallet_directory ORDER BY legacy_position LIMIT 1`);
    const responses = [
      await call(walletListRoute.GET, '/api/wallet/wallets'),
      await call(walletDetailRoute.GET, `/api/wallet/${wallet.wallet_address}`, { params: { address: wallet.wallet_address } }),
      await call(explorerWalletsRoute.GET, '/api/explorer/wallets'),
      await call(explorerTransactionsRoute.GET, '/api/explorer/transactions?limit=500'),
      await call(explorerConsentRoute.GET, '/api/explorer/transactions/by-type/consent'),
      await call(explorerAdvancedRoute.GET, '/api/explorer/advanced'),
    ];
    // The server log holds end users' addresses: it is not public at all (decision 060).
    expect((await call(logsRoute.GET, '/api/logs?limit=500')).status).toBe(401);
    const phones = sourcePhones(folder.dir);
    for (const response of responses) {
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      const hashes = identities.filter(({ identity_hash }) => text.includes(identity_hash));
      expect(hashes, 'identity hashes in a public body').toEqual([]);
      for (const shown of text.match(PHONE_LIKE) ?? []) expect(digitsBeyondCountryCode(shown), shown).toBeLessThanOrEqual(2);
      expect([...phones].filter((phone) => text.includes(phone.slice(1)))).toEqual([]);
    }
    const phoneShown = responses.some((response) => PHONE_LIKE.test(JSON.stringify(response.body)));
    expect(phoneShown, 'the bodies do show masked phones (the check above is not vacuous)').toBe(true);
  });
});
