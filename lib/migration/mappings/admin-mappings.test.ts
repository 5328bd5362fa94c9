import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHash, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { getLegacySource } from '@/lib/legacy/sources';
import { generateLegacyFolder, type GeneratedFolder } from '@/lib/legacy/testing/legacy-gen';
import { ASSET_STATUSES, assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import { useTestOrm } from '@/lib/testing/test-orm';
import { importSource } from '../import-source';
import { legacyTableDdl } from '../legacy-table-ddl';
import { unsealPii } from '../sealed-pii';
import { withPgClient } from '../pg-client';
import { allColumns, encodeRecord, type EncodedRow, type SourceMapping } from '../source-mapping';
import { verifySource } from '../verify-source';
import { adminLogsMapping } from './admin-logs';
import { adminOpportunitiesMapping } from './admin-opportunities';
import { adminPoolTiersMapping } from './admin-pool-tiers';
import { consentsDbMapping } from './consents-db';
import { SOURCE_MAPPINGS } from './index';
import { serverLogsMapping } from './server-logs';

const FOLDERS = [
  ['small', 1],
  ['small', 2],
  ['small', 3],
  ['medium', 1],
] as const;

const MAPPINGS = [adminOpportunitiesMapping, adminLogsMapping, consentsDbMapping, adminPoolTiersMapping, serverLogsMapping];

/**
 * The `--expect` anomaly kinds that break a rule these mappings quarantine for. None do: an
 * `offVocabularyStatus` (`Completed`, `published`, `approved`, `inactive`) is a spelling the asset
 * status vocabulary maps (decision 020), so it becomes a row with `status_legacy`; only a spelling
 * no vocabulary knows is quarantined, and legacy-gen plants none.
 */
const QUARANTINED_KINDS: Record<string, readonly string[]> = {
  'admin-opportunities': [],
  'admin-logs': [],
  'consents-db': [],
  'admin-pool-tiers': [],
  'server-logs': [],
};

let root: string;
const folders = new Map<string, GeneratedFolder>();

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'admin-mappings-'));
  for (const [scale, seed] of FOLDERS) folders.set(`${scale}-${seed}`, generateLegacyFolder(root, scale, seed));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function readRecords(dir: string, mapping: SourceMapping): LegacyRecord[] {
  const source = getLegacySource(mapping.source);
  return source.parse(readFileSync(path.join(dir, source.relativePath))).records;
}

/** The COPY values of a row by column name. */
function columnsOf(mapping: SourceMapping, row: EncodedRow): Record<string, string | null> {
  const names = allColumns(mapping);
  expect(row.values).toHaveLength(names.length);
  return Object.fromEntries(names.map((name, index) => [name, row.values[index]]));
}

function legacyRecord(value: JsonValue, key: string, position = 0): LegacyRecord {
  return { key, position, value, hash: recordHash(value) };
}

describe.each(FOLDERS)('legacy-gen %s seed %i', (scale, seed) => {
  const folder = () => folders.get(`${scale}-${seed}`)!;

  it.each(MAPPINGS.map((mapping) => [mapping.source, mapping] as const))(
    '%s: every record is a row except the planted rule violations, and typical rows need no layout',
    (_source, mapping) => {
      const relativePath = getLegacySource(mapping.source).relativePath;
      const expected = folder().expected.sources[relativePath];
      const records = readRecords(folder().dir, mapping);
      expect(records).toHaveLength(expected.records);

      const quarantined = new Map<string, string>();
      const rows = new Map<string, Record<string, string | null>>();
      for (const record of records) {
        const encoded = encodeRecord(mapping, record);
        if (encoded.kind === 'quarantine') quarantined.set(record.key, encoded.reason);
        else rows.set(record.key, columnsOf(mapping, encoded));
      }
      const expectedQuarantine = QUARANTINED_KINDS[mapping.source].flatMap((kind) => expected.anomalies[kind] ?? []);
      expect([...quarantined.keys()].sort()).toEqual([...new Set(expectedQuarantine)].sort());
      expect(rows.size + quarantined.size).toBe(records.length);

      // Fields are mapped in the legacy member order and nested objects read back in their legacy
      // order, so the generated records need no layout patch at all (the brief asks for a majority).
      const withLayout = [...rows.values()].filter((row) => row.legacy_layout !== null).length;
      expect(withLayout).toBeLessThanOrEqual(rows.size / 2);
      expect(withLayout).toBe(0);
    },
  );

  it('admin-opportunities: planted anomalies are stored as rows with the right columns', () => {
    const { anomalies } = folder().expected.sources['admin-opportunities.json'];
    const records = new Map(readRecords(folder().dir, adminOpportunitiesMapping).map((record) => [record.key, record.value as JsonObject]));
    const row = (key: string) => {
      const encoded = encodeRecord(adminOpportunitiesMapping, legacyRecord(records.get(key)!, key));
      expect(encoded.kind, key).toBe('row');
      return columnsOf(adminOpportunitiesMapping, encoded as EncodedRow);
    };

    expect(anomalies.offVocabularyStatus.length).toBeGreaterThan(0);
    for (const key of anomalies.offVocabularyStatus) {
      const legacy = records.get(key)!.status as string;
      expect(ASSET_STATUSES).not.toContain(legacy);
      expect(row(key)).toMatchObject({ status: assetStatusVocabulary.fromLegacy(legacy)!.value, status_legacy: legacy });
    }
    for (const key of records.keys()) {
      if (!anomalies.offVocabularyStatus.includes(key)) expect(row(key).status_legacy, key).toBeNull();
    }

    const [first, second] = anomalies.duplicateContractAddress.map(row);
    expect(anomalies.duplicateContractAddress).toHaveLength(2);
    expect(first.contract_address!.toLowerCase()).toBe(second.contract_address!.toLowerCase());

    for (const key of anomalies.missingContractAddress) {
      expect(row(key).contract_address).toBeNull();
      // null is kept as null (in extra), an absent key stays absent.
      const value = records.get(key)!;
      expect(JSON.parse(row(key).extra!)).toEqual('contractAddress' in value ? { contractAddress: null } : {});
    }
    for (const key of anomalies.missingCategory) expect(row(key).category).toBeNull();

    for (const [key, value] of records) {
      const columns = row(key);
      expect(columns.opportunity_id).toBe(String(value.id));
      expect(columns.opportunity_id_is_number).toBe(typeof value.id === 'number' ? 't' : 'f');
      const deadline = value.deadline as string;
      expect(columns.deadline_legacy).toBe(deadline.length === 10 ? deadline : null);
      expect(columns.deadline).toBe(deadline.length === 10 ? `${deadline}T00:00:00.000Z` : deadline);
    }
  });

  it('admin-logs: entries whose ip is not an address are rows with data untouched (phones in it sealed)', () => {
    const { nonIpAddress } = folder().expected.sources['admin-logs.json'].anomalies;
    const records = new Map(readRecords(folder().dir, adminLogsMapping).map((record) => [record.key, record]));
    expect(nonIpAddress.length).toBeGreaterThan(0);
    for (const key of nonIpAddress) {
      const encoded = encodeRecord(adminLogsMapping, records.get(key)!);
      expect(encoded.kind).toBe('row');
      const columns = columnsOf(adminLogsMapping, encoded as EncodedRow);
      expect(unsealPii(JSON.parse(columns.data!) as JsonValue)).toEqual((records.get(key)!.value as JsonObject).data);
      expect(columns.extra).toBe('{}');
    }
  });
});

describe('adminOpportunitiesMapping rules', () => {
  const opportunity = (members: JsonObject): JsonObject => ({
    id: 'opp_1720894787960',
    contractAddress: '0x944F2169f5d0fEdd3Ff7Fdf1081D0C4982f6A71e',
    type: 'investment',
    title: 'Luxor Solar Farm',
    status: 'active',
    createdAt: '2024-07-13T18:19:47.960Z',
    ...members,
  });

  it('quarantines a status no vocabulary knows, or a missing one, and names it', () => {
    expect(encodeRecord(adminOpportunitiesMapping, legacyRecord(opportunity({ status: 'Finished' }), 'opp_1'))).toEqual({
      kind: 'quarantine',
      reason: 'status: "Finished" is not a valid value',
    });
    expect(encodeRecord(adminOpportunitiesMapping, legacyRecord(opportunity({ status: null }), 'opp_1'))).toEqual({
      kind: 'quarantine',
      reason: 'status: null is not a valid value',
    });
    const { status: _status, ...withoutStatus } = opportunity({});
    expect(encodeRecord(adminOpportunitiesMapping, legacyRecord(withoutStatus, 'opp_1'))).toEqual({ kind: 'quarantine', reason: 'status: missing' });
  });

  it('maps the legacy spellings of a status and keeps them', () => {
    for (const [legacy, value] of [
      ['Completed', 'closed'],
      ['published', 'active'],
      ['approved', 'draft'],
      ['inactive', 'paused'],
      ['active', 'active'],
    ] as const) {
      const encoded = encodeRecord(adminOpportunitiesMapping, legacyRecord(opportunity({ status: legacy }), 'opp_1'));
      expect(encoded.kind).toBe('row');
      expect(columnsOf(adminOpportunitiesMapping, encoded as EncodedRow)).toMatchObject({ status: value, status_legacy: legacy === value ? null : legacy });
    }
  });

  it('quarantines an id that is neither a non-empty string nor a safe integer', () => {
    for (const id of [1.5, '', null, true]) {
      expect(encodeRecord(adminOpportunitiesMapping, legacyRecord(opportunity({ id }), String(id)))).toMatchObject({
        kind: 'quarantine',
        reason: expect.stringMatching(/^id: /),
      });
    }
  });

  it('keeps values its CHECK constraints would reject in extra, losslessly', () => {
    const value = opportunity({ type: 'bundle', tokenPrice: -1, deadline: '30/01/2026', contactFormat: 'telegram', legalDocuments: 'none' });
    const encoded = encodeRecord(adminOpportunitiesMapping, legacyRecord(value, 'opp_1'));
    expect(encoded.kind).toBe('row');
    const columns = columnsOf(adminOpportunitiesMapping, encoded as EncodedRow);
    expect(columns).toMatchObject({ type: null, token_price: null, contact_format: null, legal_documents: null, deadline: null });
    expect(JSON.parse(columns.extra!)).toEqual({ type: 'bundle', tokenPrice: -1, contactFormat: 'telegram', legalDocuments: 'none', deadline: '30/01/2026' });
    expect(columns.legacy_layout).toBeNull();
  });
});

describe('admin tables in PostgreSQL', () => {
  let orm: MikroORM;
  let runId: string;

  beforeAll(async () => {
    orm = await useTestOrm();
    const [run] = await orm.em
      .fork()
      .execute<Array<{ id: string }>>(
        `INSERT INTO migration_runs (kind, source_dir, started_by) VALUES ('import', 'admin-mappings.test', 'vitest') RETURNING id`,
      );
    runId = run.id;
  });

  async function roundTrip(mapping: SourceMapping, records: LegacyRecord[]) {
    return withPgClient(orm.em.fork(), async (client) => {
      const imported = await importSource(client, { mapping, records, runId, context: { source: 'system', actorLabel: 'vitest' } });
      const verified = await verifySource(client, { mapping, records: records });
      return { imported, verified };
    });
  }

  it('the migration creates each table exactly as migrate:ddl prints it, and registers every mapping', () => {
    const migration = readFileSync(path.resolve('migrations/Migration20261125020000LegacyAdmin.ts'), 'utf8');
    const normalized = migration.replace(/^[ \t]+/gm, '');
    for (const mapping of MAPPINGS) {
      expect(normalized).toContain(legacyTableDdl(mapping).replace(/^[ \t]+/gm, ''));
      expect(SOURCE_MAPPINGS[mapping.source]).toBe(mapping);
    }
  });

  it.each([
    ['small', 1],
    ['medium', 1],
  ] as const)('legacy-gen %s seed %i: every source imports, passes the CHECKs and verifies without a mismatch', async (scale, seed) => {
    const { dir, expected } = folders.get(`${scale}-${seed}`)!;
    for (const mapping of MAPPINGS) {
      const records = readRecords(dir, mapping);
      const { imported, verified } = await roundTrip(mapping, records);
      expect(imported.quarantined, mapping.source).toEqual([]);
      expect(verified, mapping.source).toMatchObject({ recordCount: records.length, quarantined: 0, mismatches: [] });
    }
    const em = orm.em.fork();
    const [counts] = await em.execute<Array<{ legacy: string; mapped: string }>>(
      `SELECT count(*) FILTER (WHERE status_legacy IS NOT NULL) AS legacy, count(*) AS mapped FROM assets`,
    );
    const opportunities = expected.sources['admin-opportunities.json'];
    expect(Number(counts.legacy)).toBe(opportunities.anomalies.offVocabularyStatus.length);
    expect(Number(counts.mapped)).toBe(opportunities.records);
    const [pool] = await em.execute<Array<{ pool_id: string; min_tier: number }>>(`SELECT pool_id, min_tier FROM pool_tiers WHERE pool_id = 'harvest-pool'`);
    expect(pool).toEqual({ pool_id: 'harvest-pool', min_tier: 0 });
  });

  it('keeps a year-0000 timestamp, which PostgreSQL cannot store, in extra instead of failing the source', async () => {
    const records = [
      legacyRecord({ timestamp: '0000-01-01T00:00:00.000Z', action: 'LOGIN', data: { ip: '10.0.0.1' } }, '0', 0),
      legacyRecord({ timestamp: '2026-01-05T10:00:00.000Z', action: 'LOGIN', data: { ip: '10.0.0.2' } }, '1', 1),
    ];
    const { imported, verified } = await roundTrip(adminLogsMapping, records);
    expect(imported.quarantined).toEqual([]);
    expect(verified).toMatchObject({ recordCount: 2, mismatches: [] });
    const rows = await orm.em.fork().execute(`SELECT legacy_key, logged_at IS NULL AS no_instant, extra FROM legacy_admin_logs ORDER BY legacy_position`);
    expect(rows).toEqual([
      { legacy_key: '0', no_instant: true, extra: { timestamp: '0000-01-01T00:00:00.000Z' } },
      { legacy_key: '1', no_instant: false, extra: {} },
    ]);
  });

  it('rebuilds a numeric id and a string id, both deadline spellings and a foreign member order exactly', async () => {
    const records = [
      legacyRecord({ id: 9, type: 'interest', title: 'Siwa Date Palms', status: 'approved', softCap: 100, deadline: '2026-03-21' }, '9', 0),
      legacyRecord(
        { id: 'opp_1755811065403', type: 'investment', title: 'Aswan Solar', status: 'Completed', deadline: '2026-07-31T21:17:45.403Z' },
        'opp_1755811065403',
        1,
      ),
      legacyRecord({ id: '9', title: 'A string "9" next to the number 9', status: 'draft', assetManagerProfile: { zeta: 1, name: 'n', bio: 'b' } }, '9#2', 2),
    ];
    const { imported, verified } = await roundTrip(adminOpportunitiesMapping, records);
    expect(imported.quarantined).toEqual([]);
    expect(verified.mismatches).toEqual([]);
    const rows = await orm.em
      .fork()
      .execute(
        `SELECT legacy_key, opportunity_id, opportunity_id_is_number, status, status_legacy, deadline_legacy, legacy_layout IS NOT NULL AS has_layout FROM assets ORDER BY legacy_position`,
      );
    expect(rows).toEqual([
      {
        legacy_key: '9',
        opportunity_id: '9',
        opportunity_id_is_number: true,
        status: 'draft',
        status_legacy: 'approved',
        deadline_legacy: '2026-03-21',
        has_layout: false,
      },
      {
        legacy_key: 'opp_1755811065403',
        opportunity_id: 'opp_1755811065403',
        opportunity_id_is_number: false,
        status: 'closed',
        status_legacy: 'Completed',
        deadline_legacy: null,
        has_layout: false,
      },
      {
        legacy_key: '9#2',
        opportunity_id: '9',
        opportunity_id_is_number: false,
        status: 'draft',
        status_legacy: null,
        deadline_legacy: null,
        has_layout: true,
      },
    ]);
  });
});
