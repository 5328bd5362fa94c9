import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './canonical-json';
import { LegacySourceError } from './legacy-source-error';
import { buildManifest, rootHash, type SourceManifest } from './manifest';
import { readSource } from './read-source';
import { LEGACY_SOURCES, transactionsLogSource, walletDbSource } from './sources';
import { generateLegacyFolder, mutateLegacyFolder, type GeneratedFolder } from './testing/legacy-gen';

let root: string;
let generated: GeneratedFolder;

const manifests = async (dir: string) => {
  const all = new Map<string, SourceManifest>();
  for (const source of LEGACY_SOURCES) all.set(source.id, await buildManifest(dir, source));
  return all;
};

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'legacy-manifest-'));
  generated = generateLegacyFolder(root, 'small', 1);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('rootHash', () => {
  it('hashes "<JSON key>:<record hash>" lines in key order, whatever order the records come in', () => {
    const records = [
      { key: 'b', hash: '02' },
      { key: 'a', hash: '01' },
    ];
    expect(rootHash(records)).toBe(sha256Hex('"a":01\n"b":02\n'));
    expect(rootHash([...records].reverse())).toBe(rootHash(records));
    expect(rootHash([])).toBe(sha256Hex(''));
  });
});

describe('buildManifest', () => {
  it('describes every source of a generated folder', async () => {
    for (const [id, manifest] of await manifests(generated.dir)) {
      const source = LEGACY_SOURCES.find((candidate) => candidate.id === id)!;
      const bytes = readFileSync(path.join(generated.dir, source.relativePath));
      expect(manifest).toEqual({
        source: id,
        relativePath: source.relativePath,
        exists: true,
        sizeBytes: bytes.length,
        sha256: sha256Hex(bytes),
        recordCount: generated.expected.sources[source.relativePath].records,
        rootHash: rootHash(source.parse(bytes).records),
        variant: source.parse(bytes).variant,
      });
    }
  });

  it('describes a missing file', async () => {
    const empty = mkdtempSync(path.join(root, 'empty-'));
    expect(await buildManifest(empty, walletDbSource)).toEqual({
      source: 'wallet-db',
      relativePath: 'wallet-db.json',
      exists: false,
      sizeBytes: null,
      sha256: null,
      recordCount: 0,
      rootHash: sha256Hex(''),
      variant: 'missing',
    });
  });

  it('keeps the root hash when a file is only re-formatted, while the file hash changes', async () => {
    const reformatted = path.join(root, 'reformatted');
    cpSync(generated.dir, reformatted, { recursive: true });
    for (const [index, source] of LEGACY_SOURCES.entries()) {
      const file = path.join(reformatted, source.relativePath);
      const value = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, index % 2 ? JSON.stringify(value) : `${JSON.stringify(value, null, 4)}\r\n`);
    }
    const before = await manifests(generated.dir);
    for (const [id, after] of await manifests(reformatted)) {
      expect(after.rootHash, id).toBe(before.get(id)!.rootHash);
      expect(after.recordCount, id).toBe(before.get(id)!.recordCount);
      expect(after.sha256, id).not.toBe(before.get(id)!.sha256);
    }
  });

  it('after legacy-server writes, changes only the sources written to and keeps every old transaction key', async () => {
    const mutated = path.join(root, 'mutated');
    cpSync(generated.dir, mutated, { recursive: true });
    const before = await manifests(mutated);
    const changes = mutateLegacyFolder(mutated, 7, 40);
    const after = await manifests(mutated);
    const written = new Set(changes.map(({ file }) => file));
    for (const source of LEGACY_SOURCES) {
      if (written.has(source.relativePath)) continue;
      expect(after.get(source.id), source.id).toEqual(before.get(source.id));
    }
    // Rows are prepended; keyed by txHash, the rows already there keep their key and hash.
    const read = (dir: string) => transactionsLogSource.parse(readFileSync(path.join(dir, transactionsLogSource.relativePath))).records;
    const newRows = new Map(read(mutated).map(({ key, hash }) => [key, hash]));
    for (const { key, hash } of read(generated.dir)) expect(newRows.get(key)).toBe(hash);
    const prepended = changes.filter(({ file, operation }) => file === transactionsLogSource.relativePath && operation === 'prepend');
    expect(newRows.size).toBe(read(generated.dir).length + prepended.length);
  });
});

describe('readSource', () => {
  it('throws the same located error as parse on a truncated file', async () => {
    const dir = mkdtempSync(path.join(root, 'truncated-'));
    const bytes = readFileSync(path.join(generated.dir, transactionsLogSource.relativePath));
    const truncated = bytes.subarray(0, Math.floor(bytes.length / 2));
    mkdirSync(path.join(dir, 'explorer-data'));
    writeFileSync(path.join(dir, transactionsLogSource.relativePath), truncated);
    let batches = 0;
    const error = await readSource(dir, transactionsLogSource, () => void batches++, { batchSize: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LegacySourceError);
    expect(batches).toBeGreaterThan(0);
    expect(() => transactionsLogSource.parse(truncated)).toThrow((error as LegacySourceError).message);
    expect((error as LegacySourceError).byteOffset).toBe(truncated.length);
  });

  // An error met while the file is still being streamed (not at its end) is located by a second read.
  it.each([
    ['a byte-order mark', (bytes: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])],
    ['a bad token in the first piece', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 20), Buffer.from('x'), bytes.subarray(21)])],
    [
      'a bad token deep in the file',
      (bytes: Buffer) => {
        const comma = bytes.indexOf('},', Math.floor(bytes.length * 0.7)) + 1;
        return Buffer.concat([bytes.subarray(0, comma), Buffer.from('@'), bytes.subarray(comma + 1)]);
      },
    ],
  ])('names the byte of %s met mid-stream, as parse does', async (_case, corrupt) => {
    const dir = mkdtempSync(path.join(root, 'mid-stream-'));
    const bytes = corrupt(readFileSync(path.join(generated.dir, transactionsLogSource.relativePath)));
    mkdirSync(path.join(dir, 'explorer-data'));
    writeFileSync(path.join(dir, transactionsLogSource.relativePath), bytes);
    const error = await readSource(dir, transactionsLogSource, () => undefined, { batchSize: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LegacySourceError);
    expect(() => transactionsLogSource.parse(bytes)).toThrow((error as LegacySourceError).message);
    expect((error as LegacySourceError).message).toMatch(/invalid JSON at byte \d+/);
  });
});
