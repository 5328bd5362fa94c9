import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { kycDocuments } from '@/lib/legacy/sources/kyc-metadata';
import { mapConcurrent } from '@/lib/map-concurrent';
import { copyHashed, hashFile, hashStoredFile, storeHashing } from './managed-storage';
import { inTransaction } from './pg-client';

export type CarriedFileReason = 'unmodelled-file' | 'unreferenced-upload';
export type CarriedFileCandidate = { relativePath: string; reason: CarriedFileReason };
export type ReadCarriedFile = CarriedFileCandidate & { sizeBytes: number; sha256: string };
export type CarriedFile = ReadCarriedFile & { storagePath: string };

/**
 * What a run did with the files no table models: `mismatched` lists files whose stored bytes differ,
 * `notCarried` the top-level JSON files the engine does not know (kept only by the backup).
 */
export type CarriedFilesReport = { files: number; bytes: number; mismatched: string[]; notCarried: string[]; error: string | null };

/** Legacy data files the contract names that no table models yet (legacy-contract.md §1.7). */
const UNMODELLED_FILES = ['credentials-db.json', 'documents-metadata.json'];
const EXPLORER_FOLDER = 'explorer-data';
const KYC_FOLDER = 'uploads/kyc';
const KYC_METADATA = `${KYC_FOLDER}/metadata.json`;
const FILES_IN_FLIGHT = 8;
// The legacy folder is the server's root: its tooling files are not data, and are not reported.
const TOOLING_FILES = new Set(['package.json', 'package-lock.json', 'jsconfig.json', 'nodemon.json', 'vercel.json', 'tsconfig.json']);

type CarryOptions = {
  sourceDir: string;
  storageDir: string;
  /** The KYC metadata's records, or null when it could not be read (uploads cannot be told apart then). */
  kycRecords: readonly LegacyRecord[] | null;
};

const KYC_UNREADABLE = 'not carried: the KYC metadata could not be read, so unreferenced uploads cannot be told apart';

/** A full import run's step: carries the files no source reads, byte for byte, and checks the stored copies. */
export async function carryFiles(
  client: pg.Client,
  { sourceDir, storageDir, kycRecords, runId }: CarryOptions & { runId: string },
): Promise<CarriedFilesReport> {
  return reportOn(sourceDir, kycRecords, async (records) => {
    const files = await importCarriedFiles(client, { sourceDir, storageDir, runId, candidates: await findCarriedFiles(sourceDir, records) });
    return { files, mismatched: await verifyCarriedFiles(client, storageDir, files) };
  });
}

/** A verify run's step: the carried files as the folder holds them now, against their stored copies. */
export async function checkCarriedFiles(client: pg.Client, { sourceDir, storageDir, kycRecords }: CarryOptions): Promise<CarriedFilesReport> {
  return reportOn(sourceDir, kycRecords, async (records) => {
    const files = await readCarriedFiles(sourceDir, records);
    return { files, mismatched: await verifyCarriedFiles(client, storageDir, files) };
  });
}

async function reportOn(
  sourceDir: string,
  kycRecords: readonly LegacyRecord[] | null,
  step: (records: readonly LegacyRecord[]) => Promise<{ files: readonly ReadCarriedFile[]; mismatched: string[] }>,
): Promise<CarriedFilesReport> {
  const nothing = { files: 0, bytes: 0, mismatched: [], notCarried: [] };
  if (!kycRecords) return { ...nothing, error: KYC_UNREADABLE };
  try {
    const { files, mismatched } = await step(kycRecords);
    const bytes = files.reduce((sum, file) => sum + file.sizeBytes, 0);
    return { files: files.length, bytes, mismatched, notCarried: await findUnknownTopLevelFiles(sourceDir), error: null };
  } catch (error) {
    return { ...nothing, error: `carried files failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The legacy files that hold data but belong to no source: the known unmodelled files, every other
 * `explorer-data/*.json`, and the KYC uploads no metadata entry refers to (`kycRecords`). Regular
 * files only: a symbolic link is never followed, and the legacy server's lock and temporary files
 * of the metadata are left out.
 */
export async function findCarriedFiles(sourceDir: string, kycRecords: readonly LegacyRecord[]): Promise<CarriedFileCandidate[]> {
  const found: CarriedFileCandidate[] = [];
  for (const name of UNMODELLED_FILES) {
    // The legacy folder is chosen at run time: nothing below it belongs in the server build's trace.
    if (await isRegularFile(path.join(/*turbopackIgnore: true*/ sourceDir, name))) found.push({ relativePath: name, reason: 'unmodelled-file' });
  }
  const sourceFiles = new Set(LEGACY_SOURCES.map((source) => source.relativePath));
  for (const relativePath of await regularFilesBelow(sourceDir, EXPLORER_FOLDER, { recursive: false })) {
    if (relativePath.endsWith('.json') && !sourceFiles.has(relativePath)) found.push({ relativePath, reason: 'unmodelled-file' });
  }
  const referenced = new Set(kycRecords.flatMap(kycDocuments).flatMap((document) => (document.relativePath ? [document.relativePath] : [])));
  for (const relativePath of await regularFilesBelow(sourceDir, KYC_FOLDER, { recursive: true })) {
    if (relativePath === KYC_METADATA || relativePath.startsWith(`${KYC_METADATA}.`) || referenced.has(relativePath)) continue;
    found.push({ relativePath, reason: 'unreferenced-upload' });
  }
  return found.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

/**
 * Stores each file's bytes in managed storage and records it under this run, then forgets files
 * that are no longer in the folder. Returns the stored files.
 */
export async function importCarriedFiles(
  client: pg.Client,
  { sourceDir, storageDir, runId, candidates }: { sourceDir: string; storageDir: string; runId: string; candidates: CarriedFileCandidate[] },
): Promise<CarriedFile[]> {
  const stored = await mapConcurrent(candidates, FILES_IN_FLIGHT, async (candidate): Promise<CarriedFile> => {
    const { sha256, size, storagePath } = await storeHashing(path.join(sourceDir, candidate.relativePath), storageDir);
    return { ...candidate, sizeBytes: size, sha256, storagePath };
  });
  await inTransaction(client, async () => {
    await client.query(
      `INSERT INTO legacy_carried_files (relative_path, reason, size_bytes, sha256, storage_path, run_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::uuid[])
       ON CONFLICT (relative_path) DO UPDATE
          SET reason = EXCLUDED.reason, size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256,
              storage_path = EXCLUDED.storage_path, run_id = EXCLUDED.run_id, updated_at = now()`,
      [
        stored.map((file) => file.relativePath),
        stored.map((file) => file.reason),
        stored.map((file) => file.sizeBytes),
        stored.map((file) => file.sha256),
        stored.map((file) => file.storagePath),
        stored.map(() => runId),
      ],
    );
    await client.query(`DELETE FROM legacy_carried_files WHERE NOT (relative_path = ANY($1::text[]))`, [stored.map((file) => file.relativePath)]);
  });
  return stored;
}

export async function findStoredCarriedFiles(client: pg.Client): Promise<CarriedFile[]> {
  const { rows } = await client.query<CarriedFile & { sizeBytes: string }>(
    `SELECT relative_path AS "relativePath", reason, size_bytes AS "sizeBytes", sha256, storage_path AS "storagePath"
       FROM legacy_carried_files ORDER BY relative_path`,
  );
  return rows.map((row) => ({ ...row, sizeBytes: Number(row.sizeBytes) }));
}

/**
 * Re-reads every carried file from managed storage and compares it with the file as read from the
 * legacy folder (`read`): the relative paths of those that differ or are missing on either side.
 */
export async function verifyCarriedFiles(client: pg.Client, storageDir: string, read: readonly ReadCarriedFile[]): Promise<string[]> {
  const stored = new Map((await findStoredCarriedFiles(client)).map((file) => [file.relativePath, file]));
  const paths = [...new Set([...read.map((file) => file.relativePath), ...stored.keys()])].sort();
  const expected = new Map(read.map((file) => [file.relativePath, file]));
  const differing = await mapConcurrent(paths, FILES_IN_FLIGHT, async (relativePath) => {
    const want = expected.get(relativePath);
    const row = stored.get(relativePath);
    if (!want || !row || row.sha256 !== want.sha256 || row.sizeBytes !== want.sizeBytes) return relativePath;
    const bytes = await hashStoredFile(path.join(storageDir, row.storagePath));
    return bytes?.sha256 === want.sha256 && bytes.size === want.sizeBytes ? null : relativePath;
  });
  return differing.filter((relativePath): relativePath is string => relativePath !== null);
}

/** The legacy folder's carried files as they are now, each hashed, for a verification without import. */
export async function readCarriedFiles(sourceDir: string, kycRecords: readonly LegacyRecord[]): Promise<ReadCarriedFile[]> {
  const candidates = await findCarriedFiles(sourceDir, kycRecords);
  const read = await mapConcurrent(candidates, FILES_IN_FLIGHT, async (candidate) => {
    const bytes = await hashFile(path.join(sourceDir, candidate.relativePath));
    return bytes ? { ...candidate, sizeBytes: bytes.size, sha256: bytes.sha256 } : null;
  });
  return read.filter((file): file is ReadCarriedFile => file !== null);
}

/** The rollback of the carried files: each written back below `targetDir`, byte-identical. */
export async function exportCarriedFiles(client: pg.Client, { storageDir, targetDir }: { storageDir: string; targetDir: string }): Promise<number> {
  const files = await findStoredCarriedFiles(client);
  for (const file of files) {
    const normalized = path.posix.normalize(file.relativePath);
    if (normalized !== file.relativePath || path.posix.isAbsolute(normalized) || normalized.startsWith('../')) {
      throw new Error(`${file.relativePath}: not a path inside the legacy folder`);
    }
    const target = path.join(targetDir, normalized);
    const copy = await copyHashed(path.join(storageDir, file.storagePath), target, { fromStorage: true });
    if (copy.sha256 !== file.sha256) throw new Error(`${file.relativePath}: stored file ${file.storagePath} does not match its SHA-256`);
  }
  return files.length;
}

/**
 * A cheap fingerprint of every place carried files come from (name, size and modification time of
 * each regular file there, referenced KYC documents included): when it is unchanged, so are they.
 */
export async function carriedPlacesStamp(sourceDir: string): Promise<string> {
  const files = [
    ...UNMODELLED_FILES,
    ...(await regularFilesBelow(sourceDir, EXPLORER_FOLDER, { recursive: false })),
    ...(await regularFilesBelow(sourceDir, KYC_FOLDER, { recursive: true })),
  ];
  const stamps = await mapConcurrent(files, FILES_IN_FLIGHT, async (relativePath) => {
    const info = await lstat(path.join(sourceDir, relativePath)).catch(() => null);
    return info?.isFile() ? `${relativePath}:${info.size}:${info.mtimeMs}` : '';
  });
  return stamps.join('\n');
}

/**
 * Top-level JSON files that are neither a source, nor a known unmodelled file, nor the server's
 * tooling: unknown to the engine, so they are named in the report rather than guessed at.
 */
async function findUnknownTopLevelFiles(sourceDir: string): Promise<string[]> {
  const known = new Set([...LEGACY_SOURCES.map((source) => source.relativePath), ...UNMODELLED_FILES, ...TOOLING_FILES]);
  const entries = await readdir(sourceDir, { withFileTypes: true });
  return entries
    .filter(
      (entry) =>
        entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.') && !known.has(entry.name) && !/^tsconfig\..*\.json$/.test(entry.name),
    )
    .map((entry) => entry.name)
    .sort();
}

async function isRegularFile(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => null))?.isFile() ?? false;
}

/** Regular files below `folder` (relative to `root`), as `/`-separated paths relative to `root`. */
async function regularFilesBelow(root: string, folder: string, { recursive }: { recursive: boolean }): Promise<string[]> {
  const entries = await readdir(path.join(root, folder), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  const files: string[] = [];
  for (const entry of entries) {
    const relativePath = `${folder}/${entry.name}`;
    if (entry.isFile()) files.push(relativePath);
    else if (recursive && entry.isDirectory()) files.push(...(await regularFilesBelow(root, relativePath, { recursive })));
  }
  return files;
}
