import { Migration } from '@mikro-orm/migrations';

/**
 * Parallel run and storage modes: sync runs, per-change lag measurements, drift results, and the
 * outbox that mirrors PostgreSQL writes back to the legacy files in pg-primary mode.
 */
export class Migration20261125040000SyncAndStorage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE migration_runs DROP CONSTRAINT migration_runs_kind_check;
      ALTER TABLE migration_runs ADD CONSTRAINT migration_runs_kind_check CHECK (kind IN ('import', 'verify', 'export', 'sync', 'rehearsal'));

      ALTER TABLE migration_runs
        ADD COLUMN backup_verified_at timestamptz,
        ADD COLUMN backup_verified_ok boolean;

      ALTER TABLE migration_source_state
        ADD COLUMN last_synced_at timestamptz,
        ADD COLUMN drift_count integer,
        ADD COLUMN drift_keys jsonb,
        ADD COLUMN drift_checked_at timestamptz,
        ADD COLUMN drift_zero_since timestamptz;

      CREATE TABLE sync_events (
        id bigserial PRIMARY KEY,
        source varchar(40) NOT NULL,
        file_changed_at timestamptz,
        committed_at timestamptz NOT NULL DEFAULT now(),
        lag_ms integer,
        inserted integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        deleted integer NOT NULL DEFAULT 0,
        worker varchar(100) NOT NULL
      );
      CREATE INDEX sync_events_committed_idx ON sync_events (committed_at DESC);

      CREATE TABLE storage_outbox (
        id bigserial PRIMARY KEY,
        source varchar(40) NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        mirrored_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX storage_outbox_pending_idx ON storage_outbox (id) WHERE mirrored_at IS NULL;
    `);
  }
}
