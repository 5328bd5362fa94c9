import { Migration } from '@mikro-orm/migrations';

/**
 * Applied CSV imports of tier updates (decision 055): the file's name, SHA-256 and size, who applied
 * it, the outcome counts of its rows, and every row's result (row number, the masked identifier, the
 * identity, the tier before and after, the reason). The same id correlates the import's one
 * TIER_IMPORT audit event. Written in the transaction that changes the tiers, so an import is
 * recorded exactly when it applied.
 */
export class Migration20261205220000TierImports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE tier_imports (
        id uuid PRIMARY KEY,
        file_name varchar(255) NOT NULL,
        file_sha256 char(64) NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        file_size integer NOT NULL CHECK (file_size >= 0),
        row_count integer NOT NULL CHECK (row_count >= 0),
        changed_count integer NOT NULL CHECK (changed_count >= 0),
        counts jsonb NOT NULL CHECK (jsonb_typeof(counts) = 'object'),
        result jsonb NOT NULL CHECK (jsonb_typeof(result) = 'array'),
        storage_mode varchar(20) NOT NULL,
        imported_by uuid REFERENCES admin_users (id) ON DELETE SET NULL,
        imported_by_label varchar(254) NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX tier_imports_imported_at_idx ON tier_imports (imported_at DESC, id DESC);
      CREATE INDEX tier_imports_sha256_idx ON tier_imports (file_sha256);
    `);
  }
}
