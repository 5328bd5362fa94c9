import path from 'node:path';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { kycDocumentTypeVocabulary } from '@/lib/legacy/vocabulary';
import { env } from '@/lib/env';
import { withPgClient } from '@/lib/migration/pg-client';
import { syncKycDocuments } from '@/lib/migration/sync-kyc-documents';
import { LegacyApiError } from '../legacy-api-error';
import { appendRecord, findRecord, replaceRecord, writeSource } from '../legacy-write';
import type { LegacyContext } from '../legacy-route';
import { identityHashOf } from '../phone';
import { FILE_KINDS } from '../route-spec';
import { storeUpload } from '../stored-file';
import type { MultipartInput } from '../uploads';
import { maskedPhoneOf } from './kyc.service';

const SOURCE = 'kyc-metadata';
type WriteContext = Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller' | 'data'>;

/** The key a document type is stored under: the application's existing spelling for it, else the upload API's short name. */
function documentKey(documents: JsonObject, requested: string): string {
  const meaning = kycDocumentTypeVocabulary.fromLegacy(requested)!.value;
  return Object.keys(documents).find((key) => kycDocumentTypeVocabulary.fromLegacy(key)?.value === meaning) ?? kycDocumentTypeVocabulary.toLegacy(meaning);
}

/** The legacy file extension: the client's own when it names the same kind (`jpeg` stays `jpeg`), else the kind's. */
function extensionFor(originalName: string, kind: keyof typeof FILE_KINDS): string {
  const own = path.extname(originalName).slice(1).toLowerCase();
  const sameKind = kind === 'jpeg' ? ['jpg', 'jpeg'] : [FILE_KINDS[kind].extension];
  return sameKind.includes(own) ? own : FILE_KINDS[kind].extension;
}

/**
 * `POST /api/kyc/upload-document`: the file as `uploads/kyc/{identityHash}_{docType}_{ms}.{ext}`, then
 * its metadata.json entry (one document per type: a re-upload replaces the entry, the old file stays).
 */
export async function uploadKycDocument(
  context: WriteContext,
  { fields, file }: MultipartInput<{ phoneNumber?: string; identityHash?: string; documentType: string }>,
) {
  const identityHash = fields.identityHash?.toLowerCase() ?? identityHashOf(fields.phoneNumber!);
  const existing = await context.data.record(SOURCE, identityHash);
  const existingDocuments = existing && isJsonObject(existing.value) && isJsonObject(existing.value.documents) ? existing.value.documents : {};
  const docType = documentKey(existingDocuments, fields.documentType);
  const uploadedAt = new Date();
  const fileName = `${identityHash}_${docType}_${uploadedAt.getTime()}.${extensionFor(file.originalName, file.kind)}`;
  const stored = await storeUpload(context, { folder: 'uploads/kyc', fileName, file, action: 'KYC_DOC_UPLOADED' });
  const document: JsonObject = {
    id: fileName,
    originalName: file.originalName,
    path: stored.relativePath,
    size: file.size,
    mimeType: FILE_KINDS[file.kind].mimeType,
    uploadedAt: uploadedAt.toISOString(),
  };

  let status = 'pending';
  const { mode, records } = await writeSource(context, SOURCE, (current) => {
    const record = current.find((candidate) => candidate.key === identityHash);
    if (!record) {
      return appendRecord(
        SOURCE,
        current,
        { verificationStatus: status, lastUpdated: document.uploadedAt, verifiedAt: null, rejectionReason: null, documents: { [docType]: document } },
        identityHash,
      );
    }
    const application = isJsonObject(record.value) ? record.value : {};
    status = typeof application.verificationStatus === 'string' ? application.verificationStatus : status;
    const documents = isJsonObject(application.documents) ? application.documents : {};
    return replaceRecord(SOURCE, current, identityHash, { ...application, lastUpdated: document.uploadedAt, documents: { ...documents, [docType]: document } });
  });
  // In pg-primary the metadata went to PostgreSQL directly; the file reaches managed storage here (json-primary's sync does it itself).
  if (mode === 'pg-primary' && context.em) {
    await withPgClient(context.em, (client) =>
      syncKycDocuments(client, { sourceDir: env().LEGACY_DATA_DIR!, storageDir: env().KYC_STORAGE_DIR, records, context: context.caller.audit }),
    );
  }
  return { success: true as const, identityHash, documentType: docType, verificationStatus: status, document };
}

/** `POST /api/kyc/verify-documents`: the reviewer's decision on an application (legacy statuses verified | rejected | pending). */
export async function verifyKycDocuments(
  context: WriteContext,
  input: { phoneNumber: string; documentType: string; status: 'verified' | 'rejected' | 'pending'; reason?: string },
) {
  const identityHash = identityHashOf(input.phoneNumber);
  const reviewedAt = new Date().toISOString();
  const verifiedAt = input.status === 'pending' ? null : reviewedAt;
  let documentType = input.documentType;
  await writeSource(context, SOURCE, (records) => {
    const record = findRecord(records, identityHash, 'KYC application');
    const application = isJsonObject(record.value) ? record.value : {};
    const documents = isJsonObject(application.documents) ? application.documents : {};
    documentType = documentKey(documents, input.documentType);
    if (!(documentType in documents)) throw new LegacyApiError(404, `No ${input.documentType} document uploaded for this user`);
    return replaceRecord(SOURCE, records, identityHash, {
      ...application,
      verificationStatus: input.status,
      lastUpdated: reviewedAt,
      verifiedAt,
      rejectionReason: input.status === 'rejected' ? (input.reason ?? 'Rejected by reviewer') : null,
    });
  });
  return {
    success: true as const,
    identityHash,
    phoneNumber: (await maskedPhoneOf(context.data, identityHash, input.phoneNumber)) ?? input.phoneNumber,
    documentType,
    status: input.status,
    verifiedAt,
  };
}
