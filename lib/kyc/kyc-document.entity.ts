import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { identityHashReference } from '@/lib/identities/identity.entity';
import { KycApplication } from './kyc-application.entity';

const p = defineEntity.properties;

/**
 * One file a KYC application lists (lib/migration/kyc-documents.ts), stored content-addressed at
 * `storagePath`. Not a legacy record of its own: the application's `documents` entry is what the legacy
 * file is rebuilt from. `application` is null while the application record is quarantined (decision 034).
 */
export const KycDocument = defineEntity({
  name: 'KycDocument',
  tableName: 'kyc_documents',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    application: p
      .manyToOne(KycApplication)
      .fieldName('application_id')
      .foreignKeyName('kyc_documents_application_id_fkey')
      .deleteRule('set null')
      .updateRule('no action')
      .nullable(),
    identityHash: identityHashReference('kyc_documents'),
    legacyKey: p.text(),
    docTypeLegacy: p.text(),
    documentType: p
      .enum(['national_id', 'passport', 'driver_license', 'utility_bill', 'proof_of_income', 'bank_statement'])
      .columnType('varchar(20)')
      .nullable(),
    storedFilename: p.text().nullable(),
    originalFilename: p.text().nullable(),
    mimeType: p.text().nullable(),
    relativePath: p.text().nullable(),
    legacySize: p.bigint('number').nullable(),
    actualSize: p.bigint('number').nullable(),
    sha256: p.character().length(64).nullable(),
    storagePath: p.text().nullable(),
    uploadedAt: p.datetime().nullable(),
    status: p.enum(['stored', 'missing', 'size-mismatch']).columnType('varchar(20)'),
    importedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  uniques: [{ name: 'kyc_documents_type_unique', properties: ['identityHash', 'docTypeLegacy'] }],
  checks: [
    { name: 'kyc_documents_legacy_size_check', expression: 'legacy_size >= 0' },
    { name: 'kyc_documents_actual_size_check', expression: 'actual_size >= 0' },
    { name: 'kyc_documents_sha256_check', expression: `sha256 ~ '^[0-9a-f]{64}$'` },
    {
      name: 'kyc_documents_file_check',
      expression: "(status = 'missing') = (sha256 IS NULL) AND (sha256 IS NULL) = (storage_path IS NULL) AND (sha256 IS NULL) = (actual_size IS NULL)",
    },
    {
      name: 'kyc_documents_size_check',
      expression:
        "(status <> 'size-mismatch' OR (legacy_size IS NOT NULL AND legacy_size <> actual_size))" +
        " AND (status <> 'stored' OR legacy_size IS NULL OR legacy_size = actual_size)",
    },
  ],
  indexes: [
    { name: 'kyc_documents_identity_hash_idx', properties: ['identityHash'] },
    { name: 'kyc_documents_application_idx', properties: ['application'] },
    { name: 'kyc_documents_sha256_idx', properties: ['sha256'] },
    { name: 'kyc_documents_stored_filename_idx', properties: ['storedFilename'] },
    { name: 'kyc_documents_problem_idx', expression: `CREATE INDEX kyc_documents_problem_idx ON kyc_documents (status) WHERE status <> 'stored'` },
  ],
});

export type KycDocumentEntity = InferEntity<typeof KycDocument>;
