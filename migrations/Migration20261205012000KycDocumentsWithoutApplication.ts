import { Migration } from '@mikro-orm/migrations';

/**
 * A KYC document whose application is not in `kyc_applications` (the application record is quarantined)
 * is still a row, with `application_id` NULL, so its stored file is listed, verified and written back
 * by a rollback like any other (decision 034). Documents are unique per identity and document type,
 * which is what the application was unique by; the application link is kept when there is one and
 * cleared, not cascaded, when the application leaves the table.
 */
export class Migration20261205012000KycDocumentsWithoutApplication extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE kyc_documents
        ALTER COLUMN application_id DROP NOT NULL,
        DROP CONSTRAINT kyc_documents_application_id_fkey,
        ADD CONSTRAINT kyc_documents_application_id_fkey
          FOREIGN KEY (application_id) REFERENCES kyc_applications (id) ON DELETE SET NULL,
        DROP CONSTRAINT kyc_documents_type_unique,
        ADD CONSTRAINT kyc_documents_type_unique UNIQUE (identity_hash, doc_type_legacy);
      CREATE INDEX kyc_documents_application_idx ON kyc_documents (application_id);
    `);
  }
}
