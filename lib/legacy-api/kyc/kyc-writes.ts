import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { kycDocumentTypeVocabulary, kycStatusVocabulary } from '@/lib/legacy/vocabulary';
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
import { consumeKycUploadBudgets, reserveKycUploadBytes } from './kyc-upload-guard';

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

/** What a reopened review leaves behind: the decision it undid and the document the upload replaced. */
type Reopened = { previousStatus: string; verifiedAt: JsonValue; rejectionReason: JsonValue; replacedDocument: JsonValue };

/**
 * `POST /api/kyc/upload-document`: the file as `uploads/kyc/{identityHash}_{docType}_{ms}.{ext}`, then
 * its metadata.json entry (one document per type: a re-upload replaces the entry, the old file stays).
 * The route is public, so an upload to a decided (verified or rejected) application never keeps the
 * decision: it reopens the review (status `pending`), and the decision with the replaced document is
 * kept as a `reopened_by_upload` case event (decision 060). Uploads are limited per identity and per
 * address, and the bytes an identity may store are capped.
 */
export async function uploadKycDocument(
  context: WriteContext,
  { fields, file }: MultipartInput<{ phoneNumber?: string; identityHash?: string; documentType: string }>,
) {
  const identityHash = fields.identityHash?.toLowerCase() ?? identityHashOf(fields.phoneNumber!);
  if (!context.em) throw new LegacyApiError(503, 'Database unavailable');
  await consumeKycUploadBudgets(identityHash, context.caller.audit.ip ?? null);
  await reserveKycUploadBytes(context.em, identityHash, file.size);
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
  let reopened: Reopened | null = null;
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
    const documents = isJsonObject(application.documents) ? application.documents : {};
    const previousStatus = typeof application.verificationStatus === 'string' ? application.verificationStatus : status;
    const decided = ['verified', 'rejected'].includes(kycStatusVocabulary.fromLegacy(previousStatus)?.value ?? '');
    reopened = decided
      ? {
          previousStatus,
          verifiedAt: application.verifiedAt ?? null,
          rejectionReason: application.rejectionReason ?? null,
          replacedDocument: documents[docType] ?? null,
        }
      : null;
    status = decided ? 'pending' : previousStatus;
    const review: JsonObject = decided ? { verificationStatus: status, verifiedAt: null, rejectionReason: null } : {};
    return replaceRecord(SOURCE, current, identityHash, {
      ...application,
      ...review,
      lastUpdated: document.uploadedAt,
      documents: { ...documents, [docType]: document },
    });
  });
  if (reopened)
    await recordReopenedReview(context.em, identityHash, context.caller.audit.actorLabel ?? 'legacy api', {
      ...(reopened as Reopened),
      documentType: docType,
      document,
    });
  // In pg-primary the metadata went to PostgreSQL directly; the file reaches managed storage here (json-primary's sync does it itself).
  if (mode === 'pg-primary') {
    await withPgClient(context.em, (client) =>
      syncKycDocuments(client, { sourceDir: env().LEGACY_DATA_DIR!, storageDir: env().KYC_STORAGE_DIR, records, context: context.caller.audit }),
    );
  }
  return { success: true as const, identityHash, documentType: docType, verificationStatus: status, document };
}

async function recordReopenedReview(
  em: EntityManager,
  identityHash: string,
  actorLabel: string,
  details: Reopened & { documentType: string; document: JsonObject },
) {
  await em.execute(`INSERT INTO kyc_case_events (application_key, kind, actor_id, actor_label, details) VALUES (?, 'reopened_by_upload', NULL, ?, ?::jsonb)`, [
    identityHash,
    actorLabel,
    JSON.stringify(details),
  ]);
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
