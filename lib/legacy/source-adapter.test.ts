import { describe, expect, it } from 'vitest';
import { LegacySourceError } from './legacy-source-error';
import type { SourceAdapter } from './source-adapter';
import {
  adminLogsSource,
  adminOpportunitiesSource,
  adminPoolTiersSource,
  consentsDbSource,
  fullChainHistorySource,
  liveStatsSource,
  transactionsLogSource,
  walletDbSource,
} from './sources';

const legacyText = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

function expectRoundTrip(adapter: SourceAdapter, bytes: Buffer) {
  const parsed = adapter.parse(bytes);
  expect(adapter.serialize(parsed.records, parsed.envelope).toString('utf8')).toBe(bytes.toString('utf8'));
  return parsed;
}

function parseError(adapter: SourceAdapter, bytes: Buffer): LegacySourceError {
  try {
    adapter.parse(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(LegacySourceError);
    return error as LegacySourceError;
  }
  throw new Error('expected parse to throw');
}

describe('legacy file variants', () => {
  it('reads a missing file as no records and writes it in the preferred form', () => {
    for (const adapter of [walletDbSource, adminLogsSource, transactionsLogSource, liveStatsSource]) {
      const parsed = adapter.parse(null);
      expect(parsed).toMatchObject({ source: adapter.id, records: [], variant: 'missing', envelope: { variant: 'missing' } });
    }
    expect(walletDbSource.serialize([], { variant: 'missing' }).toString()).toBe('{}\n');
    expect(adminLogsSource.serialize([], { variant: 'missing' }).toString()).toBe('{\n  "logs": []\n}\n');
    expect(transactionsLogSource.serialize([], { variant: 'missing' }).toString()).toBe('[]\n');
  });

  it.each([
    ['{}\n', adminOpportunitiesSource],
    ['[]\n', adminOpportunitiesSource],
    ['{}\n', adminLogsSource],
    ['[]\n', adminLogsSource],
    ['{}\n', consentsDbSource],
    ['[]\n', consentsDbSource],
    ['{}\n', transactionsLogSource],
    ['{}\n', liveStatsSource],
  ])('reads the 3-byte %j as empty for %s and writes it back byte for byte', (text, adapter) => {
    const parsed = expectRoundTrip(adapter, Buffer.from(text));
    expect(parsed.variant).toBe('empty');
    expect(parsed.records).toEqual([]);
  });

  it('writes the preferred form once an empty file has records', () => {
    const log = adminLogsSource.parse(legacyText({ logs: [{ timestamp: 't', action: 'ADMIN_ACCESS', data: {} }] })).records;
    expect(JSON.parse(adminLogsSource.serialize(log, { variant: 'empty', text: '[]' }).toString())).toEqual({
      logs: [{ timestamp: 't', action: 'ADMIN_ACCESS', data: {} }],
    });
    const rows = transactionsLogSource.parse(legacyText([{ id: 1, timestamp: 't', type: 'x', txHash: '0x1' }])).records;
    expect(JSON.parse(transactionsLogSource.serialize(rows, { variant: 'empty', text: '{}' }).toString())).toEqual([
      { id: 1, timestamp: 't', type: 'x', txHash: '0x1' },
    ]);
  });

  it('reads wrapped and flat arrays alike, keeping other top-level members around the records', () => {
    const entries = [
      { timestamp: '2025-01-01T00:00:00.000Z', action: 'ADMIN_ACCESS', data: { ip: '::1' } },
      { timestamp: '2025-01-02T00:00:00.000Z', action: 'VERIFY_KYC', data: {} },
    ];
    const wrapped = expectRoundTrip(adminLogsSource, legacyText({ version: 2, logs: entries, updatedAt: 'x' }));
    expect(wrapped.variant).toBe('wrapped');
    expect(wrapped.envelope).toEqual({ variant: 'wrapped', before: [['version', 2]], key: 'logs', after: [['updatedAt', 'x']] });
    const flat = expectRoundTrip(adminLogsSource, legacyText(entries));
    expect(flat.variant).toBe('flat');
    expect(flat.records.map(({ key, hash }) => ({ key, hash }))).toEqual(wrapped.records.map(({ key, hash }) => ({ key, hash })));
    expect(expectRoundTrip(adminLogsSource, legacyText({ logs: [] })).variant).toBe('wrapped');
    expect(expectRoundTrip(transactionsLogSource, legacyText({ transactions: [{ txHash: '0xa' }] })).variant).toBe('wrapped');
  });

  it('reads a single-record file as one record', () => {
    const parsed = expectRoundTrip(liveStatsSource, legacyText({ blockHeight: 300, nav: '1.0123' }));
    expect(parsed.variant).toBe('single');
    expect(parsed.records).toMatchObject([{ key: 'live-stats', position: 0, value: { blockHeight: 300, nav: '1.0123' } }]);
  });

  it('keeps top-level member order that JSON.parse would change, and writes records by position', () => {
    const bytes = Buffer.from('{\n  "gold-vault": 2,\n  "10": 1,\n  "harvest-pool": 0\n}\n');
    const parsed = expectRoundTrip(adminPoolTiersSource, bytes);
    expect(parsed.records.map(({ key }) => key)).toEqual(['gold-vault', '10', 'harvest-pool']);
    const shuffled = [parsed.records[2], parsed.records[0], parsed.records[1]];
    expect(adminPoolTiersSource.serialize(shuffled, parsed.envelope).equals(bytes)).toBe(true);
  });
});

describe('record keys', () => {
  it('uses the natural key, String() of numeric ids, the index for unkeyed rows, and suffixes repeats', () => {
    const opportunities = adminOpportunitiesSource.parse(legacyText({ opportunities: [{ id: 9 }, { id: 'opp_1' }, { title: 'no id' }, { id: 9 }] }));
    expect(opportunities.records.map(({ key }) => key)).toEqual(['9', 'opp_1', '#2', '9#2']);
    const blocks = fullChainHistorySource.parse(legacyText({ blocks: [{ number: 1 }, { number: 2 }] }));
    expect(blocks.records.map(({ key }) => key)).toEqual(['1', '2']);
    const logs = adminLogsSource.parse(legacyText({ logs: [{}, {}, {}] }));
    expect(logs.records.map(({ key, position }) => [key, position])).toEqual([
      ['0', 0],
      ['1', 1],
      ['2', 2],
    ]);
  });

  it('hashes the record value, not its formatting or its key', () => {
    const compact = walletDbSource.parse(Buffer.from('{"0xa":"0xAbC"}'));
    const indented = walletDbSource.parse(legacyText({ '0xb': '0xAbC' }));
    expect(compact.records[0].hash).toBe(indented.records[0].hash);
    expect(compact.variant).toBe('flat');
  });
});

describe('malformed files', () => {
  it('names the source and the byte where truncated JSON ends', () => {
    const bytes = legacyText({
      blocks: [
        { number: 1, hash: '0xaa' },
        { number: 2, hash: '0xbb' },
      ],
    });
    const truncated = bytes.subarray(0, 40);
    const error = parseError(fullChainHistorySource, truncated);
    expect(error.sourceId).toBe('full-chain-history');
    expect(error.relativePath).toBe('explorer-data/full-chain-history.json');
    expect(error.byteOffset).toBe(40);
    expect(error.message).toMatch(/^explorer-data\/full-chain-history\.json: invalid JSON at byte 40 \(line \d+\): /);
  });

  it('reports byte offsets, not character offsets, after multi-byte text', () => {
    const bytes = Buffer.from('{"0xa": "مزرعة", "0xb": }');
    const error = parseError(walletDbSource, bytes);
    expect(error.byteOffset).toBe(bytes.indexOf('}'));
    expect(error.message).toBe(`wallet-db.json: invalid JSON at byte ${bytes.indexOf('}')} (line 1): expected a value`);
  });

  it('rejects an empty file, text that is not UTF-8, a byte-order mark and trailing garbage', () => {
    expect(parseError(adminLogsSource, Buffer.alloc(0)).message).toBe('admin-logs.json: the file is empty (0 bytes), expected JSON');
    expect(parseError(walletDbSource, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])).message).toBe(
      'wallet-db.json: the file is not valid UTF-8 text',
    );
    expect(parseError(walletDbSource, Buffer.from('\ufeff{}')).byteOffset).toBe(0);
    expect(parseError(walletDbSource, Buffer.from('{}\n{}')).byteOffset).toBe(3);
  });

  it.each([
    [walletDbSource, '[1, 2]', 'expected a JSON object at the top level, found a non-empty array'],
    [walletDbSource, '"0xabc"', 'expected a JSON object or array at the top level'],
    [walletDbSource, '{"0xa": "x", "0xa": "y"}', 'duplicate key "0xa" at the top level'],
    [adminLogsSource, '{"entries": []}', 'expected the records under "logs", but the file has no such key'],
    [adminLogsSource, '{"logs": {}}', '"logs" is not an array'],
    [adminLogsSource, '{"logs": [], "logs": []}', 'duplicate key "logs" at the top level'],
    [liveStatsSource, '[{"blockHeight": 1}]', 'expected a JSON object at the top level, found a non-empty array'],
  ])('rejects a shape the source never had (%s %s)', (adapter, text, detail) => {
    const error = parseError(adapter, Buffer.from(text));
    expect(error.message).toBe(`${adapter.relativePath}: ${detail}`);
    expect(error.byteOffset).toBeNull();
  });
});
