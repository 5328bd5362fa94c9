import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { identityHashReference } from '@/lib/identities/identity.entity';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/**
 * The KYC application of one identity (uploads/kyc/metadata.json, keyed by identity hash). `documents` keeps
 * the metadata entries whole (they rebuild the legacy record); the files themselves are `KycDocument` rows.
 */
export const KycApplication = defineEntity({
  name: 'KycApplication',
  tableName: 'kyc_applications',
  properties: {
    ...legacyRecordProperties('kyc_applications', 'kyc-metadata'),
    status: p.enum(['pending_review', 'under_review', 'verified', 'rejected']),
    statusLegacy: p.text().nullable(),
    lastUpdatedAt: p.datetime().nullable(),
    reviewedAt: p.datetime().nullable(),
    rejectionReason: p.text().nullable(),
    documents: p.json<Record<string, unknown>>().nullable(),
    identityHash: identityHashReference('kyc_applications').generated('(legacy_key) stored').nullable(),
  },
  checks: [{ name: 'kyc_applications_documents_check', expression: `jsonb_typeof(documents) = 'object'` }],
  indexes: [
    { name: 'kyc_applications_status_idx', expression: 'CREATE INDEX kyc_applications_status_idx ON kyc_applications (status, last_updated_at DESC)' },
    { name: 'kyc_applications_identity_hash_idx', properties: ['identityHash'] },
  ],
});

export type KycApplicationEntity = InferEntity<typeof KycApplication>;
