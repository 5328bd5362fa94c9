import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { FILES_IN_FLIGHT, inspectKycFiles } from '@/lib/legacy/kyc-files';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { kycDocumentTypeVocabulary, type KycDocumentType } from '@/lib/legacy/vocabulary';
import { mapConcurrent } from '@/lib/map-concurrent';
import { timestamp } from './codecs';
import { copyHashed, storagePathOf, storeFile, type StoredFile } from './managed-storage';
import { kycDocumentSealingKey } from './sealed-files';

export type KycDocumentStatus = 'stored' | 'missing' | 'size-mismatch';

/**
 * One `kyc_documents` row: a document a KYC application lists, and where its file now lives.
 * The metadata entry itself stays whole in `kyc_applications.documents` (that is what rebuilds the
 * legacy record); these columns are for the KYC screens and for writing the files back.
 */
export type KycDocumentRow = {
  /** The application's identity hash = `kyc_applications.legacy_key`; resolves `application_id`. */
  identityHash: string;
  /** The document's key: its stored filename, or `<identityHash>/documents/<docType>` when it has none. */
  legacyKey: string;
  /** The `documents` member name as the legacy server wrote it (`id`, `utility`, `national_id`…). */
  docTypeLegacy: string;
  /** The new vocabulary's document type, or null for a spelling the vocabulary does not know. */
  documentType: KycDocumentType | null;
  /** The entry's `id`: the file name the legacy server stored the upload under. */
  storedFilename: string | null;
  originalFilename: string | null;
  mimeType: string | null;
  /** Where the file was read, below the legacy data folder (the entry's `path`, made safe). */
  relativePath: string | null;
  /** `size` from the metadata. */
  legacySize: number | null;
  /** Size of the stored bytes. */
  actualSize: number | null;
  sha256: string | null;
  /** Below the managed storage folder: `<sha256 first 2>/<sha256>`. */
  storagePath: string | null;
  /** `uploadedAt` when it is exact `toISOString()` text (the verbatim value stays in the metadata). */
  uploadedAt: string | null;
  status: KycDocumentStatus;
};

/** Problem kinds use the names of the anomaly report (legacy-gen's `--expect` file) where one exists. */
export type KycDocumentProblem = {
  kind: 'missingFile' | 'sizeMismatch' | 'unknownDocumentType';
  key: string;
  identityHash: string;
  docType: string;
  message: string;
};

export type KycDocumentImport = {
  rows: KycDocumentRow[];
  problems: KycDocumentProblem[];
  /** Files copied into storage by this call; the others were already there. */
  copied: number;
};

/** Columns of `kyc_documents` that `kycDocumentValues` fills, in order (`application_id` is resolved by the caller). */
export const KYC_DOCUMENT_COLUMNS = [
  'identity_hash',
  'legacy_key',
  'doc_type_legacy',
  'document_type',
  'stored_filename',
  'original_filename',
  'mime_type',
  'relative_path',
  'legacy_size',
  'actual_size',
  'sha256',
  'storage_path',
  'uploaded_at',
  'status',
] as const;

/** COPY / parameter texts of a row, in `KYC_DOCUMENT_COLUMNS` order. */
export function kycDocumentValues(row: KycDocumentRow): Array<string | null> {
  const number = (value: number | null) => (value === null ? null : String(value));
  return [
    row.identityHash,
    row.legacyKey,
    row.docTypeLegacy,
    row.documentType,
    row.storedFilename,
    row.originalFilename,
    row.mimeType,
    row.relativePath,
    number(row.legacySize),
    number(row.actualSize),
    row.sha256,
    row.storagePath,
    row.uploadedAt,
    row.status,
  ];
}

const stringOrNull = (value: JsonValue | undefined) => (typeof value === 'string' ? value : null);

/**
 * Copies every existing file the KYC applications in `records` list into managed storage
 * (`storageDir/<sha256 first 2>/<sha256>`, skipped when already there) and returns one
 * `kyc_documents` row per listed document, in metadata order, with the problems found:
 * a missing file, a size differing from the metadata, a document type outside the vocabulary.
 * A document with a problem still gets its row (and its file when there is one): nothing is dropped.
 */
export async function importKycDocuments({
  sourceDir,
  storageDir,
  records,
}: {
  sourceDir: string;
  storageDir: string;
  records: LegacyRecord[];
}): Promise<KycDocumentImport> {
  const entries = new Map<string, JsonObject>();
  for (const record of records) {
    const documents = isJsonObject(record.value) ? record.value.documents : undefined;
    if (isJsonObject(documents)) entries.set(record.key, documents);
  }
  const rows: KycDocumentRow[] = [];
  const problems: KycDocumentProblem[] = [];
  let copied = 0;
  const checks = await inspectKycFiles(sourceDir, records);
  const sealWith = kycDocumentSealingKey();
  // Equal contents are stored once, even when their documents are in flight at the same time.
  const storing = new Map<string, Promise<StoredFile>>();
  const storedFiles = await mapConcurrent(checks, FILES_IN_FLIGHT, async (check) => {
    if (!check.exists || !check.relativePath || !check.sha256) return null;
    const earlier = storing.get(check.sha256);
    if (earlier) return { ...(await earlier), copied: false };
    const stored = storeFile(path.join(sourceDir, check.relativePath), storageDir, check.sha256, check.sizeBytes!, sealWith);
    storing.set(check.sha256, stored);
    return stored;
  });
  checks.forEach((check, index) => {
    const entry = entries.get(check.applicationKey)?.[check.docType];
    const fields = isJsonObject(entry) ? entry : {};
    const problem = (kind: KycDocumentProblem['kind'], message: string) =>
      problems.push({ kind, key: check.key, identityHash: check.applicationKey, docType: check.docType, message });

    const stored = storedFiles[index];
    if (stored?.copied) copied += 1;
    const legacySize = check.expectedSize;
    const status: KycDocumentStatus = !stored ? 'missing' : legacySize !== null && legacySize !== stored.size ? 'size-mismatch' : 'stored';
    if (status === 'missing') {
      problem('missingFile', check.relativePath ? `${check.relativePath} does not exist` : 'the metadata names no file');
    } else if (status === 'size-mismatch') {
      problem('sizeMismatch', `metadata says ${legacySize} bytes, the file has ${stored!.size}`);
    }
    const documentType = kycDocumentTypeVocabulary.fromLegacy(check.docType)?.value ?? null;
    if (!documentType) problem('unknownDocumentType', `"${check.docType}" is not a known document type`);

    const uploadedAt = fields.uploadedAt;
    rows.push({
      identityHash: check.applicationKey,
      legacyKey: check.key,
      docTypeLegacy: check.docType,
      documentType,
      storedFilename: stringOrNull(fields.id),
      originalFilename: stringOrNull(fields.originalName),
      mimeType: stringOrNull(fields.mimeType),
      relativePath: check.relativePath,
      legacySize,
      actualSize: stored?.size ?? null,
      sha256: stored?.sha256 ?? null,
      storagePath: stored ? storagePathOf(stored.sha256) : null,
      uploadedAt: uploadedAt === undefined ? null : (timestamp.encode(uploadedAt)?.[0] ?? null),
      status,
    });
  });
  return { rows, problems, copied };
}

export type ExportableKycDocument = Pick<KycDocumentRow, 'legacyKey' | 'storedFilename' | 'relativePath' | 'sha256' | 'storagePath' | 'status'>;

export type KycDocumentExport = {
  /** Files written, below `targetDir`. */
  written: string[];
  /** Documents without a file to write (missing at import, or no safe place to write it). */
  skipped: Array<{ key: string; reason: string }>;
};

const KYC_FOLDER = 'uploads/kyc';

/**
 * Where a document's file goes in the rolled-back folder: the place it was read from when that is
 * inside `uploads/kyc/` (normally `uploads/kyc/<stored filename>`), else `uploads/kyc/<stored filename>`.
 */
function exportPath(document: ExportableKycDocument): string | null {
  const relative = document.relativePath ? path.posix.normalize(document.relativePath) : null;
  if (relative && relative.startsWith(`${KYC_FOLDER}/`) && relative !== `${KYC_FOLDER}/metadata.json` && !relative.split('/').includes('..')) {
    return relative;
  }
  const name = document.storedFilename;
  if (name && !/[\\/]/.test(name) && name !== '.' && name !== '..' && name !== 'metadata.json') return `${KYC_FOLDER}/${name}`;
  return null;
}

/**
 * Writes the stored files of `documents` back below `targetDir` (the rollback), byte-identical:
 * each file is hashed while copied and must match its recorded SHA-256.
 */
export async function exportKycDocuments({
  storageDir,
  targetDir,
  documents,
}: {
  storageDir: string;
  targetDir: string;
  documents: readonly ExportableKycDocument[];
}): Promise<KycDocumentExport> {
  const written: string[] = [];
  const skipped: KycDocumentExport['skipped'] = [];
  const done = new Map<string, string>();
  for (const document of documents) {
    if (document.status === 'missing' || !document.sha256 || !document.storagePath) {
      skipped.push({ key: document.legacyKey, reason: 'no file was stored' });
      continue;
    }
    const relative = exportPath(document);
    if (!relative) {
      skipped.push({ key: document.legacyKey, reason: 'no safe file name to write it under' });
      continue;
    }
    const previous = done.get(relative);
    if (previous !== undefined) {
      if (previous !== document.sha256) throw new Error(`${relative}: two documents with different contents would be written here`);
      continue;
    }
    if (document.storagePath !== storagePathOf(document.sha256)) throw new Error(`${document.legacyKey}: storage path does not match its SHA-256`);
    // Folders chosen at run time: nothing below them belongs in the server build's trace.
    const copy = await copyHashed(
      path.join(/*turbopackIgnore: true*/ storageDir, document.storagePath),
      path.join(/*turbopackIgnore: true*/ targetDir, relative),
      { fromStorage: true },
    );
    if (copy.sha256 !== document.sha256) {
      await rm(path.join(/*turbopackIgnore: true*/ targetDir, relative), { force: true });
      throw new Error(`${document.legacyKey}: stored file ${document.storagePath} does not match its SHA-256`);
    }
    done.set(relative, document.sha256);
    written.push(relative);
  }
  return { written, skipped };
}
