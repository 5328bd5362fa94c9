import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, recordHash, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { generateLegacyFolder, type GeneratedFolder } from '@/lib/legacy/testing/legacy-gen';
import { useTestOrm } from '@/lib/testing/test-orm';
import { withPgClient } from '../pg-client';
import type { OrderPatch } from '../record-layout';
import { allColumns, decodeRow, encodeRecord, selectList, type EncodedRow, type SourceMapping, type StoredRow } from '../source-mapping';
import { SOURCE_MAPPINGS } from '.';
import { identityMapMapping } from './identity-map';
import { kycMetadataMapping } from './kyc-metadata';
import { liveStatsMapping } from './live-stats';
import { persistentTransactionsMapping } from './persistent-transactions';
import { transactionsLogMapping } from './transactions-log';
import { walletsDirectoryMapping } from './wallets-directory';

const MAPPINGS = [
  kycMetadataMapping,
  transactionsLogMapping,
  persistentTransactionsMapping,
  walletsDirectoryMapping,
  identityMapMapping,
  liveStatsMapping,
] as const;

/** `--expect` anomaly kinds that are rule violations the mapping quarantines, per source. */
const QUARANTINED_KINDS: Partial<Record<SourceId, string[]>> = { 'kyc-metadata': ['offVocabularyStatus'] };

/** jsonb columns whose nested member order may need a layout patch (jsonb sorts keys). */
const JSONB_FIELDS: Partial<Record<SourceId, string[]>> = {
  'kyc-metadata': ['documents'],
  'transactions-log': ['metadata'],
  'wallets-directory': ['identity'],
};

const SEEDS = [
  ['small', 1],
  ['small', 2],
  ['small', 3],
  ['medium', 1],
] as const;

type Encoded = { record: LegacyRecord; result: ReturnType<typeof encodeRecord> };
type SourceRun = { mapping: SourceMapping; records: LegacyRecord[]; encoded: Encoded[] };

let root: string;
const folders = new Map<string, GeneratedFolder>();
const runs = new Map<string, Map<SourceId, SourceRun>>();

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-explorer-mappings-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(scale: 'small' | 'medium', seed: number): GeneratedFolder {
  const name = `${scale}-${seed}`;
  if (!folders.has(name)) folders.set(name, generateLegacyFolder(root, scale, seed));
  return folders.get(name)!;
}

function readRecords(dir: string, source: SourceId): LegacyRecord[] {
  const adapter = getLegacySource(source);
  return adapter.parse(readFileSync(path.join(dir, adapter.relativePath))).records;
}

/** Every record of every source of this task, encoded once per seed (shared by the tests below). */
function encodeFolder(scale: 'small' | 'medium', seed: number): Map<SourceId, SourceRun> {
  const name = `${scale}-${seed}`;
  if (!runs.has(name)) {
    const { dir } = folder(scale, seed);
    const bySource = new Map<SourceId, SourceRun>();
    for (const mapping of MAPPINGS) {
      const records = readRecords(dir, mapping.source);
      bySource.set(mapping.source, { mapping, records, encoded: records.map((record) => ({ record, result: encodeRecord(mapping, record) })) });
    }
    runs.set(name, bySource);
  }
  return runs.get(name)!;
}

/** Full phone numbers (not masks) anywhere in a value. */
function fullPhones(value: JsonValue, found: string[] = []): string[] {
  if (typeof value === 'string' && /^\+\d{8,15}$/.test(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((item) => fullPhones(item, found));
  else if (isJsonObject(value)) Object.values(value).forEach((member) => fullPhones(member, found));
  return found;
}

function columnValue(mapping: SourceMapping, row: EncodedRow, column: string): string | null {
  const index = allColumns(mapping).indexOf(column);
  if (index < 0) throw new Error(`${mapping.table} has no column ${column}`);
  return row.values[index];
}

describe('explorer and KYC mappings', () => {
  it('are registered', () => {
    for (const mapping of MAPPINGS) expect(SOURCE_MAPPINGS[mapping.source]).toBe(mapping);
  });

  describe.each(SEEDS)('legacy-gen %s seed %i', (scale, seed) => {
    it('encodes every record as a row, except the rule violations the --expect file lists', { timeout: 180_000 }, () => {
      const { expected } = folder(scale, seed);
      for (const [source, run] of encodeFolder(scale, seed)) {
        const adapter = getLegacySource(source);
        const findings = expected.sources[adapter.relativePath];
        expect(run.records.length, source).toBe(findings.records);
        const expectedQuarantine = (QUARANTINED_KINDS[source] ?? []).flatMap((kind) => findings.anomalies[kind] ?? []);
        const quarantined = run.encoded.filter((entry) => entry.result.kind === 'quarantine').map((entry) => entry.record.key);
        expect(quarantined.sort(), source).toEqual([...expectedQuarantine].sort());
      }
    });

    it('rarely needs a layout patch: never at the top level, nested ones only inside jsonb columns', { timeout: 180_000 }, () => {
      for (const [source, run] of encodeFolder(scale, seed)) {
        let patched = 0;
        for (const { record, result } of run.encoded) {
          if (result.kind !== 'row' || result.values[3] === null) continue;
          patched += 1;
          const order = (JSON.parse(result.values[3]) as { order: OrderPatch }).order;
          expect(order.k, `${source} ${record.key}`).toBeUndefined();
          for (const field of Object.keys(order.c ?? {})) expect(JSONB_FIELDS[source] ?? [], `${source} ${record.key}`).toContain(field);
        }
        // KYC documents are ordered by upload: an application whose uploads came in an unusual order needs one.
        expect(patched, source).toBeLessThanOrEqual(source === 'kyc-metadata' ? Math.ceil(run.records.length * 0.05) : 0);
      }
    });

    it('never puts a full phone number in clear into the COPY values', { timeout: 180_000 }, () => {
      let checked = 0;
      for (const [source, run] of encodeFolder(scale, seed)) {
        for (const { record, result } of run.encoded) {
          if (result.kind !== 'row') continue;
          for (const phone of fullPhones(record.value)) {
            checked += 1;
            const leaked = result.values.filter((value) => value !== null && value.includes(phone));
            expect(leaked, `${source} ${record.key}`).toEqual([]);
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});

describe('codec details', () => {
  const record = (value: JsonValue, key = 'k'): LegacyRecord => ({ key, position: 0, value, hash: recordHash(value) });
  const row = (mapping: SourceMapping, value: JsonValue): EncodedRow => {
    const result = encodeRecord(mapping, record(value));
    if (result.kind !== 'row') throw new Error(result.reason);
    return result;
  };

  it('maps KYC statuses and quarantines a missing or unknown one', () => {
    const pending = row(kycMetadataMapping, { verificationStatus: 'pending', documents: {} });
    expect(columnValue(kycMetadataMapping, pending, 'status')).toBe('pending_review');
    expect(columnValue(kycMetadataMapping, pending, 'status_legacy')).toBe('pending');
    const review = row(kycMetadataMapping, { verificationStatus: 'Under Review' });
    expect(columnValue(kycMetadataMapping, review, 'status')).toBe('under_review');
    expect(columnValue(kycMetadataMapping, review, 'status_legacy')).toBe('Under Review');
    expect(encodeRecord(kycMetadataMapping, record({ verificationStatus: 'approved' }))).toMatchObject({ kind: 'quarantine' });
    expect(encodeRecord(kycMetadataMapping, record({ lastUpdated: '2025-01-01T00:00:00.000Z' }))).toMatchObject({ kind: 'quarantine' });
  });

  it('keeps a masked transaction phone out of the blind index and the search tokens, and stores no clear last digits', () => {
    const base = { timestamp: '2025-06-19T07:58:56.380Z', type: 'consent_signature', txHash: '0xabc' };
    const masked = row(transactionsLogMapping, { ...base, phoneNumber: '+201XXXXXXXX' });
    expect(columnValue(transactionsLogMapping, masked, 'phone_encrypted')).toMatch(/^\\x[0-9a-f]+$/);
    expect(columnValue(transactionsLogMapping, masked, 'phone_hmac')).toBeNull();
    expect(columnValue(transactionsLogMapping, masked, 'phone_masked')).toBe('+20 •••••••••');
    expect(columnValue(transactionsLogMapping, masked, 'phone_last4_token')).toBeNull();
    expect(columnValue(transactionsLogMapping, masked, 'phone_prefix_tokens')).toBeNull();
    const full = row(transactionsLogMapping, { ...base, phoneNumber: '+201234567890' });
    expect(columnValue(transactionsLogMapping, full, 'phone_hmac')).toMatch(/^\\x[0-9a-f]{64}$/);
    expect(columnValue(transactionsLogMapping, full, 'phone_masked')).toBe('+20 ••••••••90');
    expect(columnValue(transactionsLogMapping, full, 'phone_last4_token')).toMatch(/^\\x[0-9a-f]{64}$/);
    expect(columnValue(transactionsLogMapping, full, 'phone_prefix_tokens')).toMatch(/^\{"\\\\x[0-9a-f]{64}"(,"\\\\x[0-9a-f]{64}"){4}\}$/);
    const clearTexts = full.values.filter((value) => value !== null && !value.startsWith('\\x') && !value.startsWith('{"\\\\x'));
    expect(clearTexts.join(' ')).not.toMatch(/7890|234567/);
  });

  it('keeps ids, amounts and wallet addresses that columns cannot hold in extra', () => {
    const odd = row(transactionsLogMapping, { id: null, timestamp: '2025-06-19', type: 'egp_minted', walletAddress: null, amount: '1e3', txHash: '0x1' });
    expect(JSON.parse(columnValue(transactionsLogMapping, odd, 'extra')!)).toEqual({ id: null, timestamp: '2025-06-19', walletAddress: null, amount: '1e3' });
    // jsonb columns hold objects only (their CHECK): anything else stays in extra.
    const noMetadata = row(transactionsLogMapping, { type: 'transfer', txHash: '0x2', metadata: 'n/a' });
    expect(columnValue(transactionsLogMapping, noMetadata, 'metadata')).toBeNull();
    expect(JSON.parse(columnValue(kycMetadataMapping, row(kycMetadataMapping, { verificationStatus: 'verified', documents: null }), 'extra')!)).toEqual({
      documents: null,
    });
  });

  it('stores wei above 2^64 and balances as exact numeric text', () => {
    const tx = row(persistentTransactionsMapping, { hash: '0x1', blockNumber: 1, value: '123456789012345678901234567890', gasPrice: '0' });
    expect(columnValue(persistentTransactionsMapping, tx, 'value_wei')).toBe('123456789012345678901234567890');
    expect(encodeRecord(persistentTransactionsMapping, record({ blockNumber: 1, value: '1' }))).toMatchObject({ kind: 'quarantine' });
    const wallet = row(walletsDirectoryMapping, { identityHash: '0x1', walletAddress: '0xA', balances: { egp: '10.50', hvt: '0' } });
    expect(columnValue(walletsDirectoryMapping, wallet, 'balance_egp')).toBe('10.50');
    expect(columnValue(walletsDirectoryMapping, wallet, 'balance_hvt')).toBe('0');
    for (const balances of [{}, { egp: 5 }, { egp: '1', usdc: '2' }] as JsonValue[]) {
      const other = row(walletsDirectoryMapping, { walletAddress: '0xA', balances });
      expect(columnValue(walletsDirectoryMapping, other, 'balance_egp')).toBeNull();
      expect(JSON.parse(columnValue(walletsDirectoryMapping, other, 'extra')!)).toEqual({ balances });
    }
    // A reordered balances object is stored in columns and rebuilt in its order by the layout.
    expect(row(walletsDirectoryMapping, { walletAddress: '0xA', balances: { hvt: '1', egp: '2' } }).values[3]).not.toBeNull();
    expect(encodeRecord(walletsDirectoryMapping, record({ identityHash: '0x1' }))).toMatchObject({ kind: 'quarantine' });
  });

  it('stores only tiers 0–5 in the tier column', () => {
    expect(columnValue(identityMapMapping, row(identityMapMapping, { walletAddress: '0xA', tier: 5 }), 'tier')).toBe('5');
    const out = row(identityMapMapping, { walletAddress: '0xA', tier: 7 });
    expect(columnValue(identityMapMapping, out, 'tier')).toBeNull();
    expect(JSON.parse(columnValue(identityMapMapping, out, 'extra')!)).toEqual({ tier: 7 });
  });
});

// COPY text format: backslash escapes, \N for NULL.
const copyText = (value: string | null) =>
  value === null ? '\\N' : value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

async function copyInto(client: pg.Client, table: string, columns: string[], rows: Array<Array<string | null>>): Promise<void> {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(rows.map((values) => `${values.map(copyText).join('\t')}\n`)), sink);
}

describe('the migration tables', () => {
  let orm: Awaited<ReturnType<typeof useTestOrm>>;
  beforeAll(async () => {
    orm = await useTestOrm('owner');
  });

  it.each([
    ['small', 1],
    ['medium', 1],
  ] as const)('store legacy-gen %s seed %i and rebuild every record exactly (same member order)', { timeout: 180_000 }, async (scale, seed) => {
    await withPgClient(orm.em.fork(), async (client) => {
      await client.query('BEGIN');
      try {
        // Rolled back below: the tables are left as other tests had them. The rows' identities are not
        // recorded here (the import does that), so their foreign keys wait for a COMMIT that never comes.
        await client.query('SET CONSTRAINTS ALL DEFERRED');
        await client.query('TRUNCATE kyc_applications, transaction_log, chain_transactions, wallet_directory, identity_map, live_stats CASCADE');
        for (const [source, run] of encodeFolder(scale, seed)) {
          const rows = run.encoded.flatMap((entry) => (entry.result.kind === 'row' ? [entry.result.values] : []));
          await copyInto(client, run.mapping.table, allColumns(run.mapping), rows);
          const stored = await client.query<StoredRow>(`SELECT ${selectList(run.mapping)} FROM ${run.mapping.table} ORDER BY legacy_position`);
          const originals = new Map(run.records.map((record) => [record.key, record.value]));
          expect(stored.rows.length, source).toBe(rows.length);
          for (const storedRow of stored.rows) {
            expect(JSON.stringify(decodeRow(run.mapping, storedRow)), `${source} ${storedRow.legacy_key}`).toBe(
              JSON.stringify(originals.get(storedRow.legacy_key)),
            );
          }
        }
        const generated = await client.query<{ mismatched: string }>(
          `SELECT (SELECT count(*) FROM kyc_applications WHERE identity_hash IS DISTINCT FROM legacy_key)
                + (SELECT count(*) FROM identity_map WHERE identity_hash IS DISTINCT FROM legacy_key) AS mismatched`,
        );
        expect(Number(generated.rows[0].mismatched)).toBe(0);
        const phones = await client.query<{ full: string; indexed: string }>(
          `SELECT count(*) FILTER (WHERE phone_last4_token IS NOT NULL) AS full, count(phone_hmac) AS indexed FROM transaction_log`,
        );
        const fullInLog = encodeFolder(scale, seed)
          .get('transactions-log')!
          .records.filter((entry) => isJsonObject(entry.value) && /^\+\d+$/.test(String(entry.value.phoneNumber))).length;
        expect(Number(phones.rows[0].full)).toBe(fullInLog);
        expect(Number(phones.rows[0].indexed)).toBe(fullInLog);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });
});
