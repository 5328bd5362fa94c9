import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAnomalies } from './anomalies';
import { inspectKycFiles } from './kyc-files';
import { parseFolder, type LegacyFolder } from './read-folder';
import type { SourceAdapter } from './source-adapter';
import {
  adminOpportunitiesSource,
  fullChainHistorySource,
  persistentTransactionsSource,
  transactionsLogSource,
  walletDbSource,
  walletsDirectorySource,
} from './sources';
import { generateLegacyFolder } from './testing/legacy-gen';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'legacy-anomalies-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each([
  ['small', 1],
  ['small', 2],
  ['small', 3],
  ['small', 4],
  ['small', 5],
  ['medium', 1],
] as const)('legacy-gen %s seed %i', (scale, seed) => {
  it('finds exactly the planted anomalies of the --expect file, in its order', async () => {
    const { dir, expected } = generateLegacyFolder(root, scale, seed);
    const folder = await parseFolder(dir);
    const kycFiles = await inspectKycFiles(dir, folder.get('kyc-metadata')!.records);
    // Compared as text, so the order of sources, kinds and keys counts too.
    expect(JSON.stringify(detectAnomalies(folder, kycFiles), null, 2)).toBe(JSON.stringify(expected.sources, null, 2));
  });
});

function folderOf(...sources: [SourceAdapter, unknown][]): LegacyFolder {
  const folder: LegacyFolder = new Map();
  for (const [source, value] of sources) folder.set(source.id as never, source.parse(Buffer.from(JSON.stringify(value))));
  return folder;
}

describe('detectAnomalies', () => {
  it('lists records that do not have the documented shape, and only then', () => {
    const report = detectAnomalies(
      folderOf(
        [walletDbSource, { '0xa': '0xAB', '0xb': { address: '0xCD' } }],
        [adminOpportunitiesSource, { opportunities: [{ id: 1, type: 'investment', title: 'A', contractAddress: '0x1', category: 'X' }, { id: 2 }] }],
      ),
      [],
    );
    expect(report['wallet-db.json'].anomalies).toEqual({ addressCaseMismatch: [], invalidShape: ['0xb'] });
    expect(report['admin-opportunities.json'].anomalies.invalidShape).toEqual(['2']);
    expect(report['explorer-data/transactions-log.json'].anomalies).not.toHaveProperty('invalidShape');
  });

  it('reports transaction-log id defects and unknown identities', () => {
    const row = (id: number | null, txHash: string, identityHash = '0xa') => ({
      id,
      timestamp: 't',
      type: 'egp_minted',
      identityHash,
      walletAddress: '0xw',
      txHash,
    });
    const report = detectAnomalies(
      folderOf(
        [walletDbSource, { '0xA': '0xAB' }],
        [transactionsLogSource, [row(7, '0x7'), row(3, '0x3b'), row(null, '0xn'), row(3, '0x3a', '0xghost'), { ...row(1, '0x1'), walletAddress: null }]],
      ),
      [],
    );
    expect(report['explorer-data/transactions-log.json'].anomalies).toEqual({
      nullId: ['0xn'],
      duplicateId: ['3'],
      missingId: ['2', '4', '5', '6'],
      nullWalletAddress: ['0x1'],
      identityNotInWalletDb: ['0x3a'],
    });
  });

  it('lists the chain transactions whose block number the chain history does not hold, in file order, and omits the kind when there is none', () => {
    const block = (number: number) => ({ number, hash: `0xb${number}`, parentHash: '0x0', timestamp: 't', transactionCount: 1, gasUsed: 1, gasLimit: 1 });
    const transaction = (hash: string, blockNumber: number) => ({ hash, blockNumber, to: '0xt', value: '1' });
    const withOrphans = detectAnomalies(
      folderOf(
        [fullChainHistorySource, { blocks: [block(1), block(2)] }],
        [persistentTransactionsSource, [transaction('0xc', 9), transaction('0xa', 1), transaction('0xb', 7), transaction('0xd', 2)]],
      ),
      [],
    );
    expect(withOrphans['explorer-data/persistent-transactions.json'].anomalies).toEqual({
      valueAbove2pow64: [],
      nullTo: [],
      blockNotInHistory: ['0xc', '0xb'],
    });
    const complete = detectAnomalies(folderOf([fullChainHistorySource, { blocks: [block(1)] }], [persistentTransactionsSource, [transaction('0xa', 1)]]), []);
    expect(complete['explorer-data/persistent-transactions.json'].anomalies).toEqual({ valueAbove2pow64: [], nullTo: [] });
  });

  it('compares wallet-db addresses with the chain case-insensitively and flags case-only differences', () => {
    const report = detectAnomalies(
      folderOf(
        [walletDbSource, { '0xa': '0xabcdef', '0xb': '0xAbCdEf', '0xc': '0x123456' }],
        [
          walletsDirectorySource,
          {
            wallets: [
              { identityHash: '0xa', walletAddress: '0xAbCdEf' },
              { identityHash: '0xb', walletAddress: '0xAbCdEf' },
              { identityHash: '0xc', walletAddress: '0x999999' },
            ],
          },
        ],
      ),
      [],
    );
    expect(report['wallet-db.json'].anomalies).toEqual({ addressCaseMismatch: ['0xa'] });
    expect(report['explorer-data/wallets-directory.json'].anomalies).toEqual({ notInWalletDb: [] });
  });

  it('with the orphans read from the database, reports exactly those lists in the orphan kinds’ usual places, computing none from the files', async () => {
    const { dir, expected } = generateLegacyFolder(mkdtempSync(path.join(root, 'orphans-')), 'small', 2);
    const folder = await parseFolder(dir);
    const kycFiles = await inspectKycFiles(dir, folder.get('kyc-metadata')!.records);
    const orphansOf = (lists: (relativePath: string, kind: string) => string[]) => ({
      'kyc-metadata': { orphanKey: lists('uploads/kyc/metadata.json', 'orphanKey') },
      'wallets-directory': { notInWalletDb: lists('explorer-data/wallets-directory.json', 'notInWalletDb') },
      'transactions-log': { identityNotInWalletDb: lists('explorer-data/transactions-log.json', 'identityNotInWalletDb') },
      'persistent-transactions': { blockNotInHistory: lists('explorer-data/persistent-transactions.json', 'blockNotInHistory') ?? [] },
    });
    // The expected orphans given as the database's answer: the report is the --expect file, as text (order included).
    const fromExpect = orphansOf((relativePath, kind) => expected.sources[relativePath].anomalies[kind]);
    expect(JSON.stringify(detectAnomalies(folder, kycFiles, fromExpect), null, 2)).toBe(JSON.stringify(expected.sources, null, 2));
    // Lists the files could never produce come back verbatim: nothing was rebuilt in memory.
    const marked = orphansOf((relativePath, kind) => [`${relativePath}:${kind}`]);
    const report = detectAnomalies(folder, kycFiles, marked);
    expect(report['uploads/kyc/metadata.json'].anomalies.orphanKey).toEqual(['uploads/kyc/metadata.json:orphanKey']);
    expect(report['explorer-data/wallets-directory.json'].anomalies.notInWalletDb).toEqual(['explorer-data/wallets-directory.json:notInWalletDb']);
    expect(report['explorer-data/transactions-log.json'].anomalies.identityNotInWalletDb).toEqual([
      'explorer-data/transactions-log.json:identityNotInWalletDb',
    ]);
    expect(report['explorer-data/persistent-transactions.json'].anomalies.blockNotInHistory).toEqual([
      'explorer-data/persistent-transactions.json:blockNotInHistory',
    ]);
  });

  it('treats sources that are missing from the folder as empty', () => {
    const report = detectAnomalies(new Map(), []);
    expect(report['uploads/kyc/metadata.json']).toEqual({ records: 0, documents: 0, anomalies: { orphanKey: [], missingFile: [], sizeMismatch: [] } });
  });
});
