import { Migration } from '@mikro-orm/migrations';

/**
 * The same rule as before, written as a conjunction instead of a CASE: PostgreSQL prints a top-level CASE
 * without the parentheses MikroORM's introspection expects, so the entities' schema diff could never see
 * the constraint as unchanged. For every status (never NULL) both forms accept exactly the same rows.
 */
export class Migration20261205010000KycDocumentSizeCheck extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE kyc_documents
        DROP CONSTRAINT kyc_documents_size_check,
        ADD CONSTRAINT kyc_documents_size_check CHECK (
          (status <> 'size-mismatch' OR (legacy_size IS NOT NULL AND legacy_size <> actual_size))
          AND (status <> 'stored' OR legacy_size IS NULL OR legacy_size = actual_size)
        );
    `);
  }
}
