import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes the list queries use (decision 038, 039). Sort indexes are plain `(key, id)` (no NULLS
 * clause): a keyset page orders the leading key the default way inside each NULL block, so one index
 * serves a sort in both directions. Asset search is PostgreSQL text search with the `simple`
 * configuration (no stemming, so Arabic words stay as written) over a stored generated document
 * (`assets.search_document`, weighted title > category > description), plus trigrams for parts of
 * words over an expression index; both are defined by one immutable function each, so the columns
 * the migration mapping writes are unchanged.
 */
export class Migration20261205030000ListQueryIndexes extends Migration {
  readonly name = 'Migration20261205030000ListQueryIndexes';

  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION asset_search_document(title text, category text, description text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce(category, '')), 'B')
            || setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'C');
      -- PL/pgSQL with a high cost, so the planner neither inlines it nor takes it for cheap: matching it row by row
      -- over the table (a sequential scan) is what the trigram index is there to avoid.
      CREATE FUNCTION asset_search_text(title text, category text, description text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000
        AS $$ BEGIN RETURN coalesce(title, '') || ' ' || coalesce(category, '') || ' ' || coalesce(description, ''); END $$;

      -- Stored: ranking reads each matching row's document, and parsing the description again per row costs seconds.
      ALTER TABLE assets ADD COLUMN search_document tsvector GENERATED ALWAYS AS (asset_search_document(title, category, description)) STORED;
      CREATE INDEX assets_search_document_idx ON assets USING gin (search_document);
      CREATE INDEX assets_search_text_trgm_idx ON assets USING gin (asset_search_text(title, category, description) gin_trgm_ops);
      DROP INDEX assets_created_at_idx;
      CREATE INDEX assets_created_at_id_idx ON assets (created_at, id);
      CREATE INDEX assets_total_invested_id_idx ON assets (total_invested, id);
      CREATE INDEX assets_investor_count_id_idx ON assets (investor_count, id);
      CREATE INDEX assets_expected_roi_id_idx ON assets (expected_roi, id);
      CREATE INDEX assets_deadline_id_idx ON assets (deadline, id);
      CREATE INDEX assets_category_idx ON assets (category);
      CREATE INDEX assets_lower_category_idx ON assets (lower(category));

      CREATE INDEX transaction_log_identity_occurred_idx ON transaction_log (identity_hash, occurred_at, id);
      CREATE INDEX transaction_log_occurred_id_idx ON transaction_log (occurred_at, id);
      DROP INDEX transaction_log_occurred_idx;
      DROP INDEX transaction_log_identity_hash_idx;

      CREATE INDEX chain_blocks_number_id_idx ON chain_blocks (block_number, id);
      DROP INDEX chain_blocks_number_idx;
      CREATE INDEX chain_transactions_block_id_idx ON chain_transactions (block_number, id);

      CREATE INDEX wallet_directory_created_id_idx ON wallet_directory (created_at, id);
      CREATE INDEX wallet_directory_wallet_address_trgm_idx ON wallet_directory USING gin (wallet_address gin_trgm_ops);
      CREATE INDEX users_wallet_address_trgm_idx ON users USING gin (wallet_address gin_trgm_ops);
      CREATE INDEX users_identity_hash_prefix_idx ON users (identity_hash text_pattern_ops);
      CREATE INDEX users_position_id_idx ON users (legacy_position, id);
      CREATE INDEX users_wallet_address_id_idx ON users (wallet_address, id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ALTER TABLE assets DROP COLUMN search_document;
      DROP INDEX assets_search_text_trgm_idx, assets_created_at_id_idx, assets_total_invested_id_idx,
        assets_investor_count_id_idx, assets_expected_roi_id_idx, assets_deadline_id_idx, assets_category_idx, assets_lower_category_idx,
        transaction_log_identity_occurred_idx, transaction_log_occurred_id_idx, chain_blocks_number_id_idx, chain_transactions_block_id_idx,
        wallet_directory_created_id_idx, wallet_directory_wallet_address_trgm_idx, users_wallet_address_trgm_idx,
        users_identity_hash_prefix_idx, users_position_id_idx, users_wallet_address_id_idx;
      DROP FUNCTION asset_search_document(text, text, text), asset_search_text(text, text, text);
      CREATE INDEX assets_created_at_idx ON assets (created_at DESC);
      CREATE INDEX transaction_log_occurred_idx ON transaction_log (occurred_at DESC);
      CREATE INDEX transaction_log_identity_hash_idx ON transaction_log (identity_hash);
      CREATE INDEX chain_blocks_number_idx ON chain_blocks (block_number);
    `);
  }
}
