import { Migration } from '@mikro-orm/migrations';

/**
 * Real-time chain ingestion (decision 069). `chain_ingested_blocks` is the ingester's own ledger: the
 * blocks it stored or adopted from the legacy file (same number and hash), the only ones a reorg may
 * replace; blocks the legacy file alone holds are never deleted by it. `chain_reorgs` records every
 * replaced branch, `chain_block_drift` every block the legacy file holds with another hash than the
 * chain, and `chain_ingest_status` (one row) the node head, stored head and last ingest time the
 * explorer and the readiness check show. Bookkeeping only: no audit triggers (the chain rows themselves
 * are audited).
 */
export class Migration20261206130000ChainIngestion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE chain_ingested_blocks (
        block_number bigint PRIMARY KEY,
        block_hash text NOT NULL,
        parent_hash text NOT NULL,
        ingested_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE chain_reorgs (
        id bigserial PRIMARY KEY,
        detected_at timestamptz NOT NULL DEFAULT now(),
        fork_block_number bigint NOT NULL,
        depth integer NOT NULL CHECK (depth > 0),
        old_hashes text[] NOT NULL,
        new_hashes text[] NOT NULL
      );
      CREATE INDEX chain_reorgs_detected_idx ON chain_reorgs (detected_at DESC);
      CREATE TABLE chain_block_drift (
        block_number bigint PRIMARY KEY,
        legacy_block_hash text,
        chain_block_hash text NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE chain_ingest_status (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        node_head bigint,
        stored_head bigint,
        last_ingest_at timestamptz,
        last_check_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE chain_ingest_status; DROP TABLE chain_block_drift; DROP TABLE chain_reorgs; DROP TABLE chain_ingested_blocks;');
  }
}
