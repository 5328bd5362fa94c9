import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { LegacySourceError } from '@/lib/legacy/legacy-source-error';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { readIfExists, withLegacyFileLock, writeFileAtomically } from '@/lib/storage/legacy-file-lock';
import { findContainerSpans } from '@/lib/storage/record-spans';
import { readSpliceableFile } from '@/lib/storage/splice-legacy-file';
import { makeLegacyRecord } from '@/lib/storage/write-legacy-records';
import { writeChainFiles, type ChainFilePositions } from './chain-legacy-files';
import type { NodeBlock } from './node-blocks';

// Decision 083: the chain files are changed by splicing their bytes. The reference is the whole-file rewrite
// decision 080 shipped (parse every record, change the list, serialize it all), kept here verbatim except for
// one fix: kept records are renumbered, so records appended after a removal in the middle of the file follow
// every kept record (the shipped code sorted them in among the kept ones by their stale positions).
const BLOCK_SOURCE: SourceId = 'full-chain-history';
const TRANSACTION_SOURCE: SourceId = 'persistent-transactions';

function memberText(record: LegacyRecord, name: string): string {
  const value = isJsonObject(record.value) ? record.value[name] : undefined;
  return typeof value === 'string' ? value : '';
}

async function writeChainFilesWhole(legacyDir: string, blocks: NodeBlock[], orphanedHashes: readonly string[] = []): Promise<ChainFilePositions> {
  const orphaned = new Set(orphanedHashes);
  const blockPositions = await rewriteFile(legacyDir, BLOCK_SOURCE, (records) => {
    const kept = records.filter((record) => !orphaned.has(memberText(record, 'hash')));
    const held = new Set(kept.map((record) => record.key));
    const added = blocks.filter((block) => !held.has(String(block.number))).map((block) => block.block);
    return { records: appendRecords(BLOCK_SOURCE, kept, added), changed: kept.length < records.length || added.length > 0 };
  });
  const transactions = blocks.flatMap((block) => block.transactions);
  const transactionPositions = await rewriteFile(legacyDir, TRANSACTION_SOURCE, (records) => {
    const kept = records.filter((record) => !orphaned.has(memberText(record, 'blockHash')));
    let changed = kept.length < records.length;
    const index = new Map(kept.map((record, position) => [record.key, position]));
    const added: JsonObject[] = [];
    for (const transaction of transactions) {
      const key = String(transaction.hash);
      const position = index.get(key);
      if (position === undefined) added.push(transaction);
      else {
        const replacement = makeLegacyRecord(TRANSACTION_SOURCE, transaction, position, key);
        if (replacement.hash === kept[position].hash) continue;
        kept[position] = replacement;
        changed = true;
      }
    }
    return { records: appendRecords(TRANSACTION_SOURCE, kept, added), changed: changed || added.length > 0 };
  });
  return { blocks: blockPositions, transactions: transactionPositions };
}

function appendRecords(source: SourceId, records: LegacyRecord[], values: JsonObject[]): LegacyRecord[] {
  const renumbered = records.map((record, position) => ({ ...record, position }));
  return [...renumbered, ...values.map((value, index) => makeLegacyRecord(source, value, records.length + index))];
}

async function rewriteFile(
  legacyDir: string,
  source: SourceId,
  change: (records: LegacyRecord[]) => { records: LegacyRecord[]; changed: boolean },
): Promise<Map<string, number>> {
  const adapter = getLegacySource(source);
  const file = path.join(legacyDir, adapter.relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  return withLegacyFileLock(file, async () => {
    const parsed = adapter.parse(await readIfExists(file));
    const { records, changed } = change(parsed.records);
    if (changed) await writeFileAtomically(file, adapter.serialize(records, parsed.envelope));
    return new Map(records.map((record, position) => [record.key, position]));
  });
}

// ---- fixtures

const hex = (n: number, width = 64) => `0x${n.toString(16).padStart(width, '0')}`;

/** A transaction record with nested objects and strings holding brackets, quotes, escapes and non-ASCII text. */
function transaction(blockNumber: number, blockHash: string, index: number, note = 'plain'): JsonObject {
  return {
    hash: hex(blockNumber * 1000 + index),
    blockNumber,
    blockHash,
    transactionIndex: index,
    from: hex(1, 40),
    to: index % 3 === 0 ? null : hex(2, 40),
    value: String(10n ** 20n + BigInt(index)),
    gasUsed: 21000,
    gasPrice: '1000000000',
    type: 'transfer',
    status: 'confirmed',
    timestamp: '2025-11-30T12:00:00.000Z',
    metadata: { memo: `] }, {"hash": "fake" [ \\ "quoted" ${note}`, tags: ['a', ['b', { c: 'd}' }]], empty: {}, none: [], arabic: 'أسوان', emoji: '💸\n\t' },
  };
}

function nodeBlock(number: number, fork = 0, transactionCount = 2, note = 'plain'): NodeBlock {
  const hash = hex(number * 16 + fork + 0xb000);
  const parentHash = hex((number - 1) * 16 + 0xb000);
  const transactions = Array.from({ length: transactionCount }, (_, index) => transaction(number, hash, index + fork * 100, note));
  const block: JsonObject = {
    number,
    hash,
    parentHash,
    timestamp: '2025-11-30T12:00:00.000Z',
    transactionCount,
    gasUsed: 21000 * transactionCount,
    gasLimit: 30000000,
    miner: hex(3, 40),
    extraData: '0x5b5d7b7d22',
  };
  return { number: BigInt(number), hash, parentHash, block, transactions };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Two legacy folders with the same chain files: one changed by the splice, one by the reference. */
function twinFolders(files: { blocks?: string | Buffer; transactions?: string | Buffer }) {
  const pair = [mkdtempSync(path.join(os.tmpdir(), 'pend-chain-splice-')), mkdtempSync(path.join(os.tmpdir(), 'pend-chain-whole-'))];
  dirs.push(...pair);
  for (const dir of pair) {
    mkdirSync(path.join(dir, 'explorer-data'));
    if (files.blocks !== undefined) writeFileSync(filePath(dir, BLOCK_SOURCE), files.blocks);
    if (files.transactions !== undefined) writeFileSync(filePath(dir, TRANSACTION_SOURCE), files.transactions);
  }
  return { splice: pair[0], whole: pair[1] };
}

const filePath = (dir: string, source: SourceId) => path.join(dir, getLegacySource(source).relativePath);
const fileText = (dir: string, source: SourceId) => (existsSync(filePath(dir, source)) ? readFileSync(filePath(dir, source), 'utf8') : null);

/** The files as the legacy server writes them: `JSON.stringify(value, null, 2)` and a newline. */
function legacyFiles(blocks: NodeBlock[], extra: JsonObject = {}) {
  return {
    blocks: `${JSON.stringify({ ...extra, blocks: blocks.map((block) => block.block) }, null, 2)}\n`,
    transactions: `${JSON.stringify(
      blocks.flatMap((block) => block.transactions),
      null,
      2,
    )}\n`,
  };
}

/** Runs the same pass on both folders and expects the same bytes in both files and the same positions. */
async function expectSameAsWholeRewrite(folders: { splice: string; whole: string }, blocks: NodeBlock[], orphaned: string[] = []) {
  const spliced = await writeChainFiles(folders.splice, blocks, orphaned);
  const whole = await writeChainFilesWhole(folders.whole, blocks, orphaned);
  for (const source of [BLOCK_SOURCE, TRANSACTION_SOURCE]) {
    expect(fileText(folders.splice, source), `${source} differs from the whole-file rewrite`).toBe(fileText(folders.whole, source));
  }
  expect([...spliced.blocks]).toEqual([...whole.blocks]);
  expect([...spliced.transactions]).toEqual([...whole.transactions]);
  expect(readdirSync(path.join(folders.splice, 'explorer-data')).sort()).toEqual(['full-chain-history.json', 'persistent-transactions.json']);
}

const spliceable = (text: string | null, source: SourceId) =>
  readSpliceableFile(
    getLegacySource(source),
    text === null ? null : Buffer.from(text),
    source === BLOCK_SOURCE ? ['number', 'hash'] : ['hash', 'blockHash'],
  ) !== null;

/** The text with a space and an empty line between the last record and the closing bracket. */
function whitespaceAfterLastRecord(text: string): string {
  const lineBeforeClose = text.lastIndexOf('\n', text.lastIndexOf(']'));
  return `${text.slice(0, lineBeforeClose)} \n${text.slice(lineBeforeClose)}`;
}

const chain = (from: number, to: number, fork = 0) => Array.from({ length: to - from + 1 }, (_, index) => nodeBlock(from + index, fork));

describe('the chain files are spliced, byte for byte as the whole-file rewrite writes them (decision 083)', () => {
  it('appends blocks and transactions after the last record of files in the legacy layout', async () => {
    const held = chain(0, 5);
    const folders = twinFolders(legacyFiles(held));
    expect(spliceable(fileText(folders.splice, BLOCK_SOURCE), BLOCK_SOURCE)).toBe(true);
    expect(spliceable(fileText(folders.splice, TRANSACTION_SOURCE), TRANSACTION_SOURCE)).toBe(true);
    await expectSameAsWholeRewrite(folders, chain(6, 9));
    // A block the file already holds is not appended again, nor are its transactions.
    await expectSameAsWholeRewrite(folders, chain(8, 11));
    expect(JSON.parse(fileText(folders.splice, BLOCK_SOURCE)!).blocks).toHaveLength(12);
  });

  it('keeps a wrapped file’s other members before and after the records', async () => {
    const folders = twinFolders({
      blocks: `${JSON.stringify({ lastUpdated: '2025-11-30', blocks: chain(0, 2).map((block) => block.block), totalBlocks: 3, note: { a: [1, '] ['] } }, null, 2)}\n`,
      transactions: legacyFiles(chain(0, 2)).transactions,
    });
    expect(spliceable(fileText(folders.splice, BLOCK_SOURCE), BLOCK_SOURCE)).toBe(true);
    await expectSameAsWholeRewrite(folders, chain(3, 4));
  });

  it('replaces in place a transaction the file holds with other content, and writes nothing when it holds the same', async () => {
    const held = chain(0, 4);
    const folders = twinFolders(legacyFiles(held));
    const changed = nodeBlock(2, 0, 2, 'changed "again" \\ ]');
    await expectSameAsWholeRewrite(folders, [changed]);
    const after = JSON.parse(fileText(folders.splice, TRANSACTION_SOURCE)!) as JsonObject[];
    expect(after).toHaveLength(10);
    expect(after[4]).toEqual(changed.transactions[0]);

    const before = statSync(filePath(folders.splice, TRANSACTION_SOURCE)).mtimeMs;
    const text = fileText(folders.splice, TRANSACTION_SOURCE);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeChainFiles(folders.splice, [changed]);
    expect(fileText(folders.splice, TRANSACTION_SOURCE)).toBe(text);
    expect(statSync(filePath(folders.splice, TRANSACTION_SOURCE)).mtimeMs).toBe(before);
  });

  it('splices out a reorg’s orphaned blocks and their transactions and appends the canonical branch', async () => {
    const folders = twinFolders(legacyFiles(chain(0, 7)));
    const orphaned = chain(5, 7).map((block) => block.hash);
    await expectSameAsWholeRewrite(folders, chain(5, 9, 1), orphaned);
    const blocks = JSON.parse(fileText(folders.splice, BLOCK_SOURCE)!).blocks as JsonObject[];
    expect(blocks.map((block) => block.hash)).toEqual([...chain(0, 4), ...chain(5, 9, 1)].map((block) => block.hash));
  });

  it('splices out orphaned records in the middle of the file (the legacy server appended after them), appending after every kept record', async () => {
    const legacyAppended = nodeBlock(50, 2);
    const folders = twinFolders(legacyFiles([...chain(0, 6), legacyAppended]));
    await expectSameAsWholeRewrite(
      folders,
      chain(4, 8, 1),
      chain(4, 6).map((block) => block.hash),
    );
    const blocks = JSON.parse(fileText(folders.splice, BLOCK_SOURCE)!).blocks as JsonObject[];
    expect(blocks.map((block) => block.number)).toEqual([0, 1, 2, 3, 50, 4, 5, 6, 7, 8]);
  });

  it('writes the empty container when a reorg orphans every record and nothing replaces them', async () => {
    const folders = twinFolders(legacyFiles(chain(0, 2)));
    await expectSameAsWholeRewrite(
      folders,
      [],
      chain(0, 2).map((block) => block.hash),
    );
    expect(fileText(folders.splice, BLOCK_SOURCE)).toBe('{\n  "blocks": []\n}\n');
    expect(fileText(folders.splice, TRANSACTION_SOURCE)).toBe('[]\n');
  });

  it('keeps the key of a transaction the file holds twice as the parse keys it (hash, then hash#2)', async () => {
    const [first, second] = chain(0, 1);
    const duplicated = { ...first, transactions: [...first.transactions, first.transactions[0]] };
    const folders = twinFolders(legacyFiles([duplicated, second]));
    await expectSameAsWholeRewrite(folders, [nodeBlock(0, 0, 2, 'changed'), nodeBlock(2)]);
  });

  it.each([
    ['missing files', {}],
    ['empty arrays', { blocks: '[]\n', transactions: '[]\n' }],
    ['empty objects', { blocks: '{}\n', transactions: '{}\n' }],
    ['no trailing newline', { blocks: '[]', transactions: '[]' }],
    ['a wrapped file with no records', { blocks: '{\n  "blocks": []\n}\n', transactions: '{\n  "transactions": []\n}\n' }],
  ])('writes files with no records (%s) as the whole-file rewrite does', async (_, files) => {
    const folders = twinFolders(files);
    await expectSameAsWholeRewrite(folders, chain(0, 2));
  });

  it.each([
    ['whitespace after the last record', (text: string) => whitespaceAfterLastRecord(text)],
    ['CRLF line ends', (text: string) => text.replaceAll('\n', '\r\n')],
    ['no trailing newline', (text: string) => text.trimEnd()],
    ['records on one line', (text: string) => `${JSON.stringify(JSON.parse(text))}\n`],
    ['tab indentation', (text: string) => `${JSON.stringify(JSON.parse(text), null, '\t')}\n`],
  ])('rewrites a file laid out otherwise (%s) whole, restoring the legacy layout', async (_, layout) => {
    const files = legacyFiles(chain(0, 3));
    const folders = twinFolders({ blocks: layout(files.blocks), transactions: layout(files.transactions) });
    expect(fileText(folders.splice, BLOCK_SOURCE)).not.toBe(files.blocks);
    expect(fileText(folders.splice, TRANSACTION_SOURCE)).not.toBe(files.transactions);
    expect(spliceable(fileText(folders.splice, BLOCK_SOURCE), BLOCK_SOURCE)).toBe(false);
    expect(spliceable(fileText(folders.splice, TRANSACTION_SOURCE), TRANSACTION_SOURCE)).toBe(false);
    await expectSameAsWholeRewrite(folders, chain(4, 5));
  });

  it('keeps the bytes of a record the legacy server laid out otherwise (the whole-file rewrite reformats it)', async () => {
    const files = legacyFiles(chain(0, 2));
    const compact = JSON.stringify(chain(0, 2)[1].transactions[0]);
    const lines = files.transactions.split('\n');
    const pretty = JSON.stringify(chain(0, 2)[1].transactions[0], null, 2).replaceAll('\n', '\n  ');
    const transactions = files.transactions.replace(pretty, compact);
    expect(transactions).not.toBe(files.transactions);
    expect(lines.length).toBeGreaterThan(transactions.split('\n').length);
    const folders = twinFolders({ blocks: files.blocks, transactions });
    await writeChainFiles(folders.splice, chain(3, 3));
    const text = fileText(folders.splice, TRANSACTION_SOURCE)!;
    expect(text).toContain(`,\n  ${compact},\n`);
    await writeChainFilesWhole(folders.whole, chain(3, 3));
    expect(JSON.parse(text)).toEqual(JSON.parse(fileText(folders.whole, TRANSACTION_SOURCE)!));
  });

  it('matches the whole-file rewrite over a random run of appends, changed transactions and reorgs', async () => {
    let seed = 83;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const folders = twinFolders(legacyFiles(chain(0, 3)));
    let head = 3;
    let fork = 0;
    const canonical = new Map(chain(0, 3).map((block) => [block.number, block]));
    for (let round = 0; round < 25; round++) {
      const action = random(3);
      if (action === 0) {
        const blocks = chain(head + 1, head + 1 + random(3), fork);
        blocks.forEach((block) => canonical.set(block.number, block));
        head += blocks.length;
        await expectSameAsWholeRewrite(folders, blocks);
      } else if (action === 1) {
        const number = BigInt(random(head + 1));
        const held = canonical.get(number)!;
        await expectSameAsWholeRewrite(folders, [{ ...held, transactions: held.transactions.map((tx) => ({ ...tx, status: `round ${round} "]"` })) }]);
      } else {
        const depth = 1 + random(Math.min(3, head));
        fork += 1;
        const orphaned = Array.from({ length: depth }, (_, index) => canonical.get(BigInt(head - index))!.hash);
        const blocks = chain(head - depth + 1, head + 1, fork);
        blocks.forEach((block) => canonical.set(block.number, block));
        head += 1;
        await expectSameAsWholeRewrite(folders, blocks, orphaned);
      }
    }
  });
});

describe('a chain file that cannot be read fails the pass and keeps its bytes', () => {
  it.each([
    ['truncated', (text: string) => text.slice(0, text.length - 40)],
    ['a key member that is no JSON', (text: string) => text.replace(/"hash": "(0x[0-9a-f]+)"/, '"hash": $1')],
    ['a member without its colon', (text: string) => text.replace('"to": null', '"to" null')],
    ['two records without a comma between them', (text: string) => text.replace('},\n  {', '}\n  {')],
  ])('%s', async (_, breakIt) => {
    const files = legacyFiles(chain(0, 3));
    const broken = breakIt(files.transactions);
    expect(broken).not.toBe(files.transactions);
    const folders = twinFolders({ blocks: files.blocks, transactions: broken });
    const error = await writeChainFiles(folders.splice, chain(4, 4)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LegacySourceError);
    expect((error as Error).message).toMatch(/^explorer-data\/persistent-transactions\.json: invalid JSON at byte \d+/);
    expect(fileText(folders.splice, TRANSACTION_SOURCE)).toBe(broken);
    expect(readdirSync(path.join(folders.splice, 'explorer-data')).sort()).toEqual(['full-chain-history.json', 'persistent-transactions.json']);
  });
});

describe('the record-span scanner finds the members the splice needs in the same scan', () => {
  it('gives each record’s top-level members by name, not nested members of the same name, escaped names decoded, a repeated one last as JSON.parse keeps it', () => {
    const text = JSON.stringify(
      [
        { hash: '0x1', blockHash: '0xb1', nested: { hash: 'inner' } },
        { metadata: { hash: 'inner' }, h_ash: 'x', 'has\\h': 'y' },
        7,
        { hash: 'first', other: 1, hash2: 2 },
      ],
      null,
      2,
    )
      .replace('"h_ash"', '"h\\u0061sh"')
      .replace('"hash2"', '"hash"');
    const bytes = Buffer.from(text);
    const container = findContainerSpans(bytes, { variant: 'flat' }, ['hash', 'blockHash'])!;
    const members = container.spans.map((span) =>
      Object.fromEntries([...span.members].map(([name, range]) => [name, JSON.parse(text.slice(range.start, range.end))])),
    );
    expect(members).toEqual([{ hash: '0x1', blockHash: '0xb1' }, { hash: 'x' }, {}, { hash: 2 }]);
    expect(JSON.parse(text)[3]).toEqual({ hash: 2, other: 1 });
    expect(text[container.open]).toBe('[');
    expect(container.close).toBe(text.length - 1);
  });
});
