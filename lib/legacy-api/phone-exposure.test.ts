import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callingCodeOf } from '@/lib/crypto';
import { getOrm } from '@/lib/db';
import { env } from '@/lib/env';
import { useTestOrm } from '@/lib/testing/test-orm';
import { flushAuthAttempts } from './auth-audit';
import { LEGACY_ROUTES } from './route-catalog';
import type { LegacyRouteSpec } from './route-spec';
import { call, importLegacyFolder, legacyTestFolder, type CallResult } from './testing';

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

type AnySpec = LegacyRouteSpec<unknown, unknown, unknown, unknown>;
type RouteModule = { GET: Parameters<typeof call>[0] };

/** Every GET route a caller without the admin key can reach: a new catalog entry is swept without editing this file. */
const KEYLESS_READS = LEGACY_ROUTES.filter(
  (spec) => spec.method === 'GET' && (spec.access === 'public' || (spec.access === 'admin-open' && !env().LEGACY_API_REQUIRE_ADMIN_KEY)),
);

/** The route's handler module, from its Express-style path (`/api/wallet/:address` → `app/api/wallet/[address]/route.ts`). */
async function routeModule(spec: AnySpec): Promise<RouteModule> {
  const file = path.resolve('app', `.${spec.path.replace(/:(\w+)/g, '[$1]')}`, 'route.ts');
  return (await import(file)) as RouteModule;
}

/** Values for path parameters, by name, taken from the imported data (a phone-keyed route gets a full number and an identity hash). */
async function parameterSamples(): Promise<Record<string, string[]>> {
  const [row] = await orm.em
    .fork()
    .execute<Array<{ wallet_address: string; identity_hash: string }>>(
      `SELECT wallet_address, identity_hash FROM wallet_directory WHERE wallet_address IS NOT NULL AND identity_hash IS NOT NULL ORDER BY legacy_position LIMIT 1`,
    );
  const [kyc] = await orm.em.fork().execute<Array<{ legacy_key: string }>>(`SELECT legacy_key FROM kyc_applications ORDER BY legacy_position LIMIT 1`);
  const phone = [...sourcePhones(folder.dir)][0];
  // A block and a hash that carry a transaction-log entry of an identity with a phone: the explorer routes show both.
  const [logged] = await orm.em
    .fork()
    .execute<Array<{ tx_hash: string; block_number: string | null }>>(
      `SELECT tx_hash, block_number::text AS block_number FROM transaction_log WHERE tx_hash IS NOT NULL AND identity_hash IS NOT NULL ORDER BY legacy_position LIMIT 1`,
    );
  const [block] = await orm.em
    .fork()
    .execute<Array<{ n: string }>>(`SELECT block_number::text AS n FROM chain_transactions WHERE block_number IS NOT NULL ORDER BY legacy_position LIMIT 1`);
  return {
    address: [row.wallet_address],
    phoneNumber: [phone, kyc.legacy_key, row.identity_hash],
    hash: [logged.tx_hash],
    number: [block.n, ...(logged.block_number ? [logged.block_number] : [])],
  };
}

/** The requests that sweep one route: its contract examples and its path with each sample parameter value. */
function requestsFor(spec: AnySpec, samples: Record<string, string[]>): Array<{ url: string; params: Record<string, string> }> {
  const names = [...spec.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
  if (!names.length) return [spec.path, ...(spec.examples ?? []).map((example) => example.path)].map((url) => ({ url, params: {} }));
  const [name, ...others] = names;
  expect(others, `${spec.path}: one path parameter is supported`).toEqual([]);
  expect(samples[name], `${spec.path}: add sample values for :${name} to parameterSamples`).toBeDefined();
  return samples[name].map((value) => ({ url: spec.path.replace(`:${name}`, encodeURIComponent(value)), params: { [name]: value } }));
}

describe('public legacy responses', () => {
  it('from every GET route reachable without the admin key contain no identity hash and no phone showing more than its country code and two digits', async () => {
    const identities = await orm.em.fork().execute<Array<{ identity_hash: string }>>(`SELECT identity_hash FROM identities`);
    expect(identities.length).toBeGreaterThan(10);
    expect(KEYLESS_READS.length, 'the catalog has keyless GET routes to sweep').toBeGreaterThan(10);
    const samples = await parameterSamples();
    const phones = sourcePhones(folder.dir);
    const responses: Array<{ url: string; response: CallResult }> = [];
    for (const spec of KEYLESS_READS) {
      const handler = (await routeModule(spec)).GET;
      for (const { url, params } of requestsFor(spec, samples)) responses.push({ url, response: await call(handler, url, { params }) });
    }
    for (const { url, response } of responses) {
      expect(response.status, `${url}: ${JSON.stringify(response.body).slice(0, 200)}`).toBeLessThan(500);
      const text = JSON.stringify(response.body);
      const hashes = identities.filter(({ identity_hash }) => text.includes(identity_hash));
      expect(hashes, `identity hashes in the public body of ${url}`).toEqual([]);
      for (const shown of text.match(PHONE_LIKE) ?? []) expect(digitsBeyondCountryCode(shown), `${url}: ${shown}`).toBeLessThanOrEqual(2);
      expect(
        [...phones].filter((phone) => text.includes(phone.slice(1))),
        `${url}: full numbers`,
      ).toEqual([]);
    }
    const answered = responses.filter(({ response }) => response.status === 200);
    expect(answered.length, 'most keyless reads answer with data (the sweep is not vacuous)').toBeGreaterThan(KEYLESS_READS.length / 2);
    const phoneShown = answered.some(({ response }) => new RegExp(PHONE_LIKE.source).test(JSON.stringify(response.body)));
    expect(phoneShown, 'the bodies do show masked phones (the check above is not vacuous)').toBe(true);
  });
});
