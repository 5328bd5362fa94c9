import { Migration } from '@mikro-orm/migrations';

/**
 * The migration engine's bookkeeping (runs, manifests, per-source state, mismatches, quarantine,
 * anomalies) and the first legacy tables. Every legacy table carries the provenance columns
 * (legacy_source, legacy_key, legacy_position, legacy_hash, legacy_layout, extra).
 */
export class Migration20261125010000MigrationEngine extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE INDEX audit_trail_record_idx ON audit_trail (table_name, record_id);

      CREATE TABLE migration_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(20) NOT NULL CHECK (kind IN ('import', 'verify', 'export')),
        state varchar(20) NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'validated', 'mismatched', 'error')),
        source_dir text NOT NULL,
        options jsonb NOT NULL DEFAULT '{}',
        started_by varchar(254) NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        backup_path text,
        backup_sha256 char(64),
        summary jsonb NOT NULL DEFAULT '{}',
        error text
      );
      CREATE INDEX migration_runs_started_idx ON migration_runs (started_at DESC);

      CREATE TABLE migration_manifests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES migration_runs (id),
        source varchar(40) NOT NULL,
        relative_path text NOT NULL,
        file_exists boolean NOT NULL,
        size_bytes bigint,
        sha256 char(64),
        record_count integer NOT NULL,
        root_hash char(64) NOT NULL,
        variant varchar(20) NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (run_id, source)
      );

      CREATE TABLE migration_source_state (
        source varchar(40) PRIMARY KEY,
        state varchar(30) NOT NULL CHECK (state IN ('pending', 'running', 'validated', 'mismatched', 'error', 'pending-revalidation')),
        manifest_id uuid REFERENCES migration_manifests (id),
        last_run_id uuid REFERENCES migration_runs (id),
        db_root_hash char(64),
        read_count integer NOT NULL DEFAULT 0,
        written_count integer NOT NULL DEFAULT 0,
        quarantined_count integer NOT NULL DEFAULT 0,
        orphaned_count integer NOT NULL DEFAULT 0,
        mismatched_count integer NOT NULL DEFAULT 0,
        import_ms integer,
        verify_ms integer,
        verified_at timestamptz,
        verified_by varchar(254),
        error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE migration_mismatches (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES migration_runs (id),
        source varchar(40) NOT NULL,
        legacy_key text NOT NULL,
        field text NOT NULL,
        legacy_value jsonb,
        db_value jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX migration_mismatches_run_idx ON migration_mismatches (run_id, source, legacy_key);

      CREATE TABLE migration_quarantine (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL,
        legacy_key text NOT NULL,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        reason text NOT NULL,
        raw_text text NOT NULL,
        run_id uuid NOT NULL REFERENCES migration_runs (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (legacy_source, legacy_key)
      );

      CREATE TABLE migration_anomalies (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES migration_runs (id),
        source varchar(40) NOT NULL,
        kind varchar(60) NOT NULL,
        legacy_key text NOT NULL
      );
      CREATE INDEX migration_anomalies_run_idx ON migration_anomalies (run_id, source, kind);

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'wallet-db' CHECK (legacy_source = 'wallet-db'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        wallet_address text,
        identity_hash text GENERATED ALWAYS AS (legacy_key) STORED,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX users_wallet_address_idx ON users (lower(wallet_address));

      CREATE TABLE chain_blocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'full-chain-history' CHECK (legacy_source = 'full-chain-history'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        block_number bigint,
        block_hash text,
        parent_hash text,
        mined_at timestamptz,
        transaction_count integer,
        gas_used bigint,
        gas_limit bigint,
        base_fee_per_gas bigint,
        size_bytes integer,
        miner text,
        extra_data text,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX chain_blocks_number_idx ON chain_blocks (block_number);
      CREATE INDEX chain_blocks_mined_at_idx ON chain_blocks (mined_at DESC);
    `);
  }
}
