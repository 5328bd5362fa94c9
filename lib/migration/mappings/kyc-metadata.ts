import { kycStatusVocabulary } from '@/lib/legacy/vocabulary';
import { text, timestamp, vocabulary } from '../codecs';
import { orderedJson, type KeyOrder } from '../shared-codecs';
import type { SourceMapping } from '../source-mapping';

/** Member order of one `documents` entry as the upload route writes it. */
const DOCUMENT_ENTRY: KeyOrder = { keys: [['id', 'originalName', 'path', 'size', 'mimeType', 'uploadedAt']] };
const DOC_TYPES = ['id', 'utility', 'income', 'bank', 'national_id', 'passport', 'driver_license'] as const;

/**
 * `documents` is ordered by upload; the usual order (ID, utility bill, income, bank, then the other
 * IDs) rebuilds without a layout patch, any other order gets one.
 */
export const KYC_DOCUMENTS_ORDER: KeyOrder = {
  keys: [DOC_TYPES],
  members: Object.fromEntries(DOC_TYPES.map((docType) => [docType, DOCUMENT_ENTRY])),
};

/**
 * uploads/kyc/metadata.json → kyc_applications, one row per identity hash (the legacy key; the
 * table's generated `identity_hash` column). `verificationStatus` maps onto the new KYC status
 * vocabulary (`pending` → `pending_review`, spelling kept in `status_legacy`); a missing or unknown
 * status quarantines the application. `verifiedAt` is the decision time, set for rejections too,
 * hence `reviewed_at`. `documents` stays whole in a jsonb column (an object; anything else stays in
 * `extra`) so the record rebuilds exactly; the files themselves become `kyc_documents` rows (lib/migration/kyc-documents.ts).
 */
export const kycMetadataMapping: SourceMapping = {
  source: 'kyc-metadata',
  table: 'kyc_applications',
  identitySeenIn: 'in_kyc',
  fields: [
    { field: 'verificationStatus', column: 'status', codec: vocabulary(kycStatusVocabulary), required: true },
    { field: 'lastUpdated', column: 'last_updated_at', codec: timestamp },
    { field: 'verifiedAt', column: 'reviewed_at', codec: timestamp },
    { field: 'rejectionReason', column: 'rejection_reason', codec: text },
    { field: 'documents', column: 'documents', codec: orderedJson(KYC_DOCUMENTS_ORDER, 'object') },
  ],
};
