import { Migration } from '@mikro-orm/migrations';

/**
 * Legacy files no table models (credentials-db.json, documents-metadata.json, explorer-data files
 * beyond the six sources, KYC uploads no metadata entry refers to) are carried byte for byte: their
 * bytes go to managed storage, this table says where each came from, so a rollback writes it back.
 */
export class Migration20261201000000CarriedFiles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE legacy_carried_files (
        relative_path text PRIMARY KEY CHECK (relative_path <> '' AND relative_path !~ '^/' AND relative_path !~ '(^|/)\\.\\.?(/|$)'),
        reason varchar(30) NOT NULL CHECK (reason IN ('unmodelled-file', 'unreferenced-upload')),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_path text NOT NULL,
        run_id uuid NOT NULL REFERENCES migration_runs (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }
}
