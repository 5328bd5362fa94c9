import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatedAssetId, generatedOpportunity, importGeneratedOpportunities } from '@/lib/assets/testing/generated-assets';
import { AppError } from '@/lib/errors';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { adminOpportunitiesSource } from '@/lib/legacy/sources';
import { setStorageModeForTest } from '@/lib/testing/storage-mode';
import { useTestOrm } from '@/lib/testing/test-orm';
import { lockPath } from './legacy-file-lock';
import { findRecordSpans } from './record-spans';
import { writeLegacyRows, type RowEdit } from './write-rows';

// Counts whole-file parses: a patch of record spans must not need one.
const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/legacy/sources', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/legacy/sources')>();
  const source = actual.adminOpportunitiesSource;
  const counted = {
    ...source,
    parse: (bytes: Buffer | null) => {
      parses.count += 1;
      return source.parse(bytes);
    },
  };
  return { ...actual, adminOpportunitiesSource: counted, getLegacySource: (id: string) => (id === source.id ? counted : actual.getLegacySource(id as never)) };
});

const context = { source: 'cli' as const, actorLabel: 'vitest-patch' };
const ASSETS = 300;
const QUARANTINED_ID = 'opp_without_status';
// Written compactly, as the legacy server never does: a whole-file rewrite would re-indent it, a patch keeps its bytes.
const COMPACT_INDEX = 7;
let orm: MikroORM;
let root: string;
let dir: string;
let file: string;

const pause: RowEdit = (current) =>
  current.status === 'active' ? { kind: 'apply', value: { ...current, status: 'paused' } } : { kind: 'skip', reason: 'not active' };

function opportunities(text: string): JsonObject[] {
  return (JSON.parse(text) as { opportunities: JsonObject[] }).opportunities;
}

async function dbStatus(id: string): Promise<string | undefined> {
  const [row] = await orm.em.fork().execute<Array<{ status: string }>>(`SELECT status FROM assets WHERE legacy_key = ?`, [id]);
  return row?.status;
}

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-patch-'));
  dir = path.join(root, 'legacy');
  const withoutStatus: JsonObject = { ...generatedOpportunity(ASSETS), id: QUARANTINED_ID, title: 'سند {"مُعلّق"} \\ [x]' };
  delete withoutStatus.status;
  const records = [...Array.from({ length: ASSETS }, (_, index) => generatedOpportunity(index)), withoutStatus];
  records[3] = { ...records[3], title: 'عقار في أسوان "quoted {brace}" \\ end', description: 'line\nbreak\t[tab]' };
  const text = `${JSON.stringify({ opportunities: records }, null, 2)}\n`;
  const compact = JSON.stringify(records[COMPACT_INDEX], null, 2).replaceAll('\n', '\n    ');
  file = path.join(dir, adminOpportunitiesSource.relativePath);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text.replace(compact, JSON.stringify(records[COMPACT_INDEX])));
  await setStorageModeForTest(orm.em.fork(), 'json-primary');
  await importGeneratedOpportunities(orm.em.fork(), { root, dir, context });
});

afterAll(() => setStorageModeForTest(orm.em.fork(), 'json-primary'));

describe('findRecordSpans', () => {
  it('delimits every record of a wrapped file, whatever its strings hold (brackets, escaped quotes, Arabic)', () => {
    const bytes = readFileSync(file);
    const spans = findRecordSpans(bytes, { variant: 'wrapped', before: [], key: 'opportunities', after: [] });
    const parsed = opportunities(bytes.toString('utf8'));
    expect(spans).toHaveLength(parsed.length);
    expect(spans!.map((span) => JSON.parse(bytes.toString('utf8', span.start, span.end)) as JsonObject)).toEqual(parsed);
  });

  it('gives a map file member names and values', () => {
    const text = JSON.stringify({ '0xa"b': { tier: 1, note: '}{' }, '0xc': { tier: 2 } }, null, 2);
    const spans = findRecordSpans(Buffer.from(text), { variant: 'flat' })!;
    expect(spans.map((span) => [JSON.parse(text.slice(span.nameStart, span.nameEnd)), JSON.parse(text.slice(span.start, span.end))])).toEqual([
      ['0xa"b', { tier: 1, note: '}{' }],
      ['0xc', { tier: 2 }],
    ]);
  });

  it('returns null for bytes that are not the envelope it is told (the caller then parses the whole file)', () => {
    expect(findRecordSpans(Buffer.from('{"other": []}'), { variant: 'wrapped', before: [], key: 'opportunities', after: [] })).toBeNull();
    expect(findRecordSpans(Buffer.from('[{"a": 1}, {"b": '), { variant: 'flat' })).toBeNull();
  });
});

describe('json-primary bulk write by record spans', () => {
  it('patches only the changed records in one write without parsing the whole file, with a per-row report', async () => {
    const before = readFileSync(file, 'utf8');
    const changedIds = [1, 3, 10, 150, ASSETS - 1].map(generatedAssetId);
    const keys = [...changedIds, 'opp_missing', QUARANTINED_ID, generatedAssetId(1)];
    parses.count = 0;
    const { outcomes } = await writeLegacyRows(orm.em.fork(), { source: 'admin-opportunities', keys, edit: pause, context, sourceDir: dir });
    expect(parses.count).toBe(0);
    expect(outcomes.map((outcome) => [outcome.key, outcome.status])).toEqual([
      ...changedIds.map((id) => [id, 'applied']),
      ['opp_missing', 'skipped'],
      [QUARANTINED_ID, 'failed'],
      [generatedAssetId(1), 'skipped'],
    ]);
    expect(outcomes.find((outcome) => outcome.key === QUARANTINED_ID)).toMatchObject({ reason: expect.stringContaining('held in quarantine') });

    const after = readFileSync(file, 'utf8');
    const [was, now] = [opportunities(before), opportunities(after)];
    expect(now).toHaveLength(was.length);
    for (const [index, record] of now.entries()) {
      if (changedIds.includes(record.id as string)) expect(record).toEqual({ ...was[index], status: 'paused' });
      else expect(record).toEqual(was[index]);
    }
    // Every byte outside the patched records is kept (the compact record too); the patched ones are indented as the legacy server writes them.
    expect(after).toContain(JSON.stringify(was[COMPACT_INDEX]));
    let expected = before;
    for (const id of changedIds) {
      const index = was.findIndex((record) => record.id === id);
      const indent = (value: JsonObject) => JSON.stringify(value, null, 2).replaceAll('\n', '\n    ');
      expected = expected.replace(indent(was[index]), indent(now[index]));
    }
    expect(after).toBe(expected);
    for (const id of changedIds) expect(await dbStatus(id)).toBe('paused');
  });

  it('a failure mid-way leaves the file untouched (same bytes, no temporary or lock file) and the database unchanged', async () => {
    const before = readFileSync(file);
    const keys = Array.from({ length: 200 }, (_, index) => generatedAssetId(index + 50));
    let seen = 0;
    const failing: RowEdit = (current) => {
      seen += 1;
      if (seen === 100) throw new AppError('CONFLICT', 'changed meanwhile');
      return pause(current, '');
    };
    await expect(writeLegacyRows(orm.em.fork(), { source: 'admin-opportunities', keys, edit: failing, context, sourceDir: dir })).rejects.toThrow(
      'changed meanwhile',
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(existsSync(lockPath(file))).toBe(false);
    expect(await dbStatus(generatedAssetId(50))).toBe('active');
  });
});
