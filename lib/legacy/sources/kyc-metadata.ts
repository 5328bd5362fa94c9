import path from 'node:path';
import { z } from 'zod';
import { isJsonObject } from '../canonical-json';
import { defineSource, type LegacyRecord } from '../source-adapter';

export const kycDocumentSchema = z.looseObject({
  id: z.string().optional(),
  originalName: z.string().optional(),
  path: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  mimeType: z.string().optional(),
  uploadedAt: z.string().optional(),
});

export const kycApplicationSchema = z.looseObject({
  verificationStatus: z.string().optional(),
  lastUpdated: z.string().nullable().optional(),
  verifiedAt: z.string().nullable().optional(),
  rejectionReason: z.string().nullable().optional(),
  documents: z.record(z.string(), kycDocumentSchema).optional(),
});

/** A document file that a KYC application refers to. */
export type KycDocumentRef = {
  /** The stored filename (the document's `id`), or `<identityHash>/documents/<docType>` when it has none. */
  key: string;
  applicationKey: string;
  docType: string;
  /** Path below the data folder, or null when the metadata names no file. */
  relativePath: string | null;
  /** `size` from the metadata, when it has one. */
  expectedSize: number | null;
};

const KYC_FOLDER = 'uploads/kyc';

/**
 * The document files a KYC application lists, one per document type, in metadata order. Fields are
 * read one by one, so an entry with one malformed field still names its file; entries that are not
 * objects name no file and are skipped.
 */
export function kycDocuments(record: LegacyRecord): KycDocumentRef[] {
  const documents = isJsonObject(record.value) ? record.value.documents : undefined;
  if (!isJsonObject(documents)) return [];
  return Object.entries(documents).flatMap(([docType, entry]) => {
    if (!isJsonObject(entry)) return [];
    const id = typeof entry.id === 'string' && entry.id !== '' ? entry.id : null;
    const storedPath = typeof entry.path === 'string' ? entry.path : null;
    const size = typeof entry.size === 'number' && Number.isSafeInteger(entry.size) && entry.size >= 0 ? entry.size : null;
    return [
      {
        key: id ?? `${record.key}/documents/${docType}`,
        applicationKey: record.key,
        docType,
        relativePath: documentPath(storedPath, id),
        expectedSize: size,
      },
    ];
  });
}

/**
 * Where a document lives below the data folder. `path` is usually `uploads/kyc/<file>` relative to
 * the server root. An absolute path, or one that climbs out of the data folder, is taken by its file
 * name inside `uploads/kyc/`: a metadata entry must never make the migration read an arbitrary file.
 */
function documentPath(storedPath: string | null, id: string | null): string | null {
  const fromId = id && !/[\\/]/.test(id) && id !== '.' && id !== '..' ? `${KYC_FOLDER}/${id}` : null;
  if (!storedPath) return fromId;
  const normalized = path.posix.normalize(storedPath.replaceAll('\\', '/'));
  const inside = !path.posix.isAbsolute(normalized) && !/^[A-Za-z]:/.test(normalized) && normalized !== '..' && !normalized.startsWith('../');
  if (inside && normalized !== '.') return normalized;
  const name = path.posix.basename(normalized);
  return name && name !== '..' && name !== '.' ? `${KYC_FOLDER}/${name}` : fromId;
}

/**
 * `uploads/kyc/metadata.json`: `{ "<identityHash>": { verificationStatus, lastUpdated, verifiedAt,
 * rejectionReason, documents: { "<docType>": { id, originalName, path, size, mimeType, uploadedAt } } } }`,
 * ordered by first upload. Key: the identity hash; some keys have no user in `wallet-db.json`.
 * Documents are keyed by type, so a re-upload replaced the entry (the old file stays on disk).
 */
export const kycMetadataSource = {
  ...defineSource({
    id: 'kyc-metadata',
    relativePath: `${KYC_FOLDER}/metadata.json`,
    layout: { container: 'map' },
    recordSchema: kycApplicationSchema,
  }),
  documentsOf: kycDocuments,
};
