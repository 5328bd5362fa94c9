import { isIP } from 'node:net';
import type { z } from 'zod';
import { isJsonObject } from './canonical-json';
import type { KycFileCheck } from './kyc-files';
import type { LegacyFolder } from './read-folder';
import type { LegacyRecord } from './source-adapter';
import { getLegacySource, LEGACY_SOURCES, type LegacySource, type SourceId } from './sources';
import { kycDocuments } from './sources/kyc-metadata';
import { ASSET_STATUSES } from './vocabulary';

/** Anomaly kind → keys of the records (or documents, or ids) that have it. */
export type AnomalyLists = Record<string, string[]>;

/** Findings for one source, in the shape of legacy-gen's `--expect` file. */
export type SourceFindings = { records: number; documents?: number; anomalies: AnomalyLists };

/** Findings per source relative path, in the data folder's layout order (the `sources` of an `--expect` file). */
export type AnomalyReport = Record<string, SourceFindings>;

/**
 * What other sources are checked against: the users in `wallet-db.json` (lowercased identity hashes),
 * each identity's address as the chain sees it (wallets directory, else identity map), and the block
 * numbers `full-chain-history.json` holds (its keys).
 */
export type ReferenceIndex = { walletDbIdentities: Set<string>; chainAddresses: Map<string, string>; historyBlockNumbers: Set<string> };

/**
 * The orphan kinds, keyed as the report keys them: records whose identity is not registered, and chain
 * transactions whose block the history does not hold. After an import they come from the `identities`
 * and `chain_block_numbers` tables (`registryOrphans`), so the report does not rebuild them.
 */
export type RegistryOrphans = {
  'kyc-metadata': { orphanKey: string[] };
  'wallets-directory': { notInWalletDb: string[] };
  'transactions-log': { identityNotInWalletDb: string[] };
  'persistent-transactions': { blockNotInHistory: string[] };
};

export type CheckContext = { reference: ReferenceIndex; kycFiles: readonly KycFileCheck[]; orphans?: RegistryOrphans };

/** A running check over one source's records; feed records in file order, in as many batches as needed. */
export type SourceCheck = { add(record: LegacyRecord): void; result(): AnomalyLists };

type RowOf<Id extends SourceId> = z.output<Extract<LegacySource, { id: Id }>['recordSchema']>;
type RowCheck<Row> = { add(key: string, row: Row): void; result(): AnomalyLists };

const TWO_POW_64 = 2n ** 64n;

const noAnomalies = (): RowCheck<unknown> => ({ add: () => undefined, result: () => ({}) });

// One check per source; each reports the kinds legacy-gen plants, always all of them, in its order.
const CHECKS: { [Id in SourceId]: (context: CheckContext) => RowCheck<RowOf<Id>> } = {
  'wallet-db': ({ reference }) => {
    const addressCaseMismatch: string[] = [];
    return {
      add(key, address) {
        const onChain = reference.chainAddresses.get(key.toLowerCase());
        if (onChain !== undefined && onChain !== address && onChain.toLowerCase() === address.toLowerCase()) {
          addressCaseMismatch.push(key);
        }
      },
      result: () => ({ addressCaseMismatch }),
    };
  },
  'admin-opportunities': () => {
    const deployed: { key: string; address: string }[] = [];
    const missingContractAddress: string[] = [];
    const offVocabularyStatus: string[] = [];
    const missingCategory: string[] = [];
    return {
      add(key, opportunity) {
        const { contractAddress, status, category } = opportunity;
        if (contractAddress == null || contractAddress === '') missingContractAddress.push(key);
        else deployed.push({ key, address: contractAddress.toLowerCase() });
        if (status !== undefined && !(ASSET_STATUSES as readonly unknown[]).includes(status)) offVocabularyStatus.push(key);
        if (category == null || category === '') missingCategory.push(key);
      },
      result() {
        const uses = new Map<string, number>();
        for (const { address } of deployed) uses.set(address, (uses.get(address) ?? 0) + 1);
        const duplicateContractAddress = deployed.filter(({ address }) => uses.get(address)! > 1).map(({ key }) => key);
        return { duplicateContractAddress, missingContractAddress, offVocabularyStatus, missingCategory };
      },
    };
  },
  'admin-logs': () => {
    const nonIpAddress: string[] = [];
    return {
      add(key, entry) {
        if (entry.data && 'ip' in entry.data && !(typeof entry.data.ip === 'string' && isIP(entry.data.ip))) nonIpAddress.push(key);
      },
      result: () => ({ nonIpAddress }),
    };
  },
  'kyc-metadata': ({ reference, kycFiles, orphans }) => {
    const orphanKey: string[] = [];
    return {
      add(key) {
        if (!orphans && !reference.walletDbIdentities.has(key.toLowerCase())) orphanKey.push(key);
      },
      result: () => ({
        orphanKey: orphans ? orphans['kyc-metadata'].orphanKey : orphanKey,
        missingFile: kycFiles.filter((file) => !file.exists).map((file) => file.key),
        sizeMismatch: kycFiles.filter((file) => file.sizeMatches === false).map((file) => file.key),
      }),
    };
  },
  'consents-db': noAnomalies,
  'admin-pool-tiers': noAnomalies,
  'server-logs': noAnomalies,
  'transactions-log': ({ reference, orphans }) => {
    const nullId: string[] = [];
    const nullWalletAddress: string[] = [];
    const identityNotInWalletDb: string[] = [];
    const idUses = new Map<number, number>();
    return {
      add(key, row) {
        if (row.id == null) nullId.push(key);
        else idUses.set(row.id, (idUses.get(row.id) ?? 0) + 1);
        if (row.walletAddress == null) nullWalletAddress.push(key);
        if (!orphans && (!row.identityHash || !reference.walletDbIdentities.has(row.identityHash.toLowerCase()))) identityNotInWalletDb.push(key);
      },
      result() {
        const ids = [...idUses.keys()].sort((a, b) => a - b);
        const duplicateId = ids.filter((id) => idUses.get(id)! > 1).map(String);
        // Ids are assigned from 1 upwards, so every unused id below the highest one is a gap.
        const missingId: string[] = [];
        for (let id = 1; id < (ids.at(-1) ?? 0); id++) if (!idUses.has(id)) missingId.push(String(id));
        return {
          nullId,
          duplicateId,
          missingId,
          nullWalletAddress,
          identityNotInWalletDb: orphans ? orphans['transactions-log'].identityNotInWalletDb : identityNotInWalletDb,
        };
      },
    };
  },
  'wallets-directory': ({ reference, orphans }) => {
    const notInWalletDb: string[] = [];
    return {
      add(key, wallet) {
        if (!orphans && !reference.walletDbIdentities.has(wallet.identityHash.toLowerCase())) notInWalletDb.push(key);
      },
      result: () => ({ notInWalletDb: orphans ? orphans['wallets-directory'].notInWalletDb : notInWalletDb }),
    };
  },
  'full-chain-history': noAnomalies,
  'persistent-transactions': ({ reference, orphans }) => {
    const valueAbove2pow64: string[] = [];
    const nullTo: string[] = [];
    const blockNotInHistory: string[] = [];
    return {
      add(key, transaction) {
        if (/^\d+$/.test(transaction.value) && BigInt(transaction.value) >= TWO_POW_64) valueAbove2pow64.push(key);
        if (transaction.to == null) nullTo.push(key);
        if (!orphans && !reference.historyBlockNumbers.has(String(transaction.blockNumber))) blockNotInHistory.push(key);
      },
      // legacy-gen plants no such transaction: the kind appears only when used, so its --expect files still compare equal.
      result: () => {
        const notInHistory = orphans ? orphans['persistent-transactions'].blockNotInHistory : blockNotInHistory;
        return { valueAbove2pow64, nullTo, ...(notInHistory.length ? { blockNotInHistory: notInHistory } : {}) };
      },
    };
  },
  'live-stats': noAnomalies,
  'identity-map': noAnomalies,
};

/**
 * Builds the reference index from the parsed folder (wallet-db, wallets directory, identity map); without
 * the registry's identities when `withIdentities` is false (the orphans then come from the database).
 */
export function buildReferenceIndex(folder: LegacyFolder, { withIdentities = true }: { withIdentities?: boolean } = {}): ReferenceIndex {
  const records = (id: SourceId) => folder.get(id)?.records ?? [];
  const walletDbIdentities = new Set(withIdentities ? records('wallet-db').map(({ key }) => key.toLowerCase()) : []);
  const chainAddresses = new Map<string, string>();
  const remember = (identity: unknown, address: unknown) => {
    if (typeof identity !== 'string' || typeof address !== 'string') return;
    if (!chainAddresses.has(identity.toLowerCase())) chainAddresses.set(identity.toLowerCase(), address);
  };
  for (const { value } of records('wallets-directory')) if (isJsonObject(value)) remember(value.identityHash, value.walletAddress);
  for (const { key, value } of records('identity-map')) if (isJsonObject(value)) remember(key, value.walletAddress);
  const historyBlockNumbers = new Set(records('full-chain-history').map(({ key }) => key));
  return { walletDbIdentities, chainAddresses, historyBlockNumbers };
}

/**
 * The check for one source. Records that do not have the source's documented shape cannot be
 * checked field by field; they are listed under `invalidShape`, a kind that appears only when used.
 */
export function createSourceCheck(id: SourceId, context: CheckContext): SourceCheck {
  const { recordSchema } = getLegacySource(id);
  const rows = (CHECKS[id] as (context: CheckContext) => RowCheck<unknown>)(context);
  const invalidShape: string[] = [];
  return {
    add(record) {
      const parsed = recordSchema.safeParse(record.value);
      if (parsed.success) rows.add(record.key, parsed.data);
      else invalidShape.push(record.key);
    },
    result: () => ({ ...rows.result(), ...(invalidShape.length ? { invalidShape } : {}) }),
  };
}

/**
 * Every anomaly in one parsed data folder: orphans across sources, duplicate and missing keys,
 * values the new schema cannot take as they are, and KYC documents whose file is missing or has a
 * different size than recorded. Pure: `kycFiles` comes from `inspectKycFiles`. A source absent
 * from `folder` is treated as a missing file. With `orphans` (read from the registries after an import)
 * the orphan kinds are those lists, in their usual place, and no registry index is built in memory.
 */
export function detectAnomalies(folder: LegacyFolder, kycFiles: readonly KycFileCheck[], orphans?: RegistryOrphans): AnomalyReport {
  const context: CheckContext = { reference: buildReferenceIndex(folder, { withIdentities: !orphans }), kycFiles, orphans };
  const report: AnomalyReport = {};
  for (const source of LEGACY_SOURCES) {
    const records = folder.get(source.id)?.records ?? [];
    const check = createSourceCheck(source.id, context);
    for (const record of records) check.add(record);
    const documents = source.id === 'kyc-metadata' ? { documents: records.flatMap(kycDocuments).length } : {};
    report[source.relativePath] = { records: records.length, ...documents, anomalies: check.result() };
  }
  return report;
}
