import { Migration } from '@mikro-orm/migrations';

/**
 * Tables of the legacy admin sources: admin-opportunities → assets, admin-pool-tiers → pool_tiers,
 * admin-logs → legacy_admin_logs, server-logs → server_logs, consents-db → consents. Each CREATE TABLE
 * is exactly what `npm run migrate:ddl` prints for the source's mapping (lib/migration/mappings/);
 * constraints, generated columns and indexes follow it. Every CHECK only restates what the column's
 * codec already guarantees, so an import never fails on it: a value it would reject stays in `extra`.
 */
export class Migration20261125020000LegacyAdmin extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'admin-opportunities' CHECK (legacy_source = 'admin-opportunities'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        opportunity_id text,
        opportunity_id_is_number boolean,
        contract_address text,
        type text,
        title text,
        description text,
        category text,
        status text,
        status_legacy text,
        created_at timestamptz,
        token_symbol text,
        token_price numeric,
        max_supply bigint,
        expected_roi numeric,
        lockup_period_days integer,
        minimum_investment numeric,
        soft_cap numeric,
        deadline timestamptz,
        deadline_legacy text,
        contact_format text,
        contact_value text,
        total_invested numeric,
        investor_count integer,
        interested_count integer,
        location text,
        image_path text,
        jurisdiction text,
        spv_name text,
        custody_type text,
        min_tier_required integer,
        legal_documents jsonb,
        asset_manager_profile jsonb,
        sector text,
        roi_model text,
        highlights jsonb,
        impact text,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- id and status are required by the mapping: a record without a valid one is quarantined.
      ALTER TABLE assets
        ALTER COLUMN opportunity_id SET NOT NULL,
        ALTER COLUMN opportunity_id_is_number SET NOT NULL,
        ALTER COLUMN status SET NOT NULL,
        ADD CONSTRAINT assets_opportunity_id_number_check
          CHECK (NOT opportunity_id_is_number OR opportunity_id ~ '^-?(0|[1-9][0-9]*)$'),
        ADD CONSTRAINT assets_status_check CHECK (status IN ('active', 'paused', 'closed', 'draft')),
        ADD CONSTRAINT assets_type_check CHECK (type IN ('investment', 'interest')),
        ADD CONSTRAINT assets_contact_format_check CHECK (contact_format IN ('whatsapp', 'email')),
        ADD CONSTRAINT assets_deadline_legacy_check
          CHECK (deadline_legacy IS NULL OR (deadline IS NOT NULL AND deadline_legacy ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')),
        ADD CONSTRAINT assets_amounts_check CHECK (
          token_price >= 0 AND max_supply >= 0 AND lockup_period_days >= 0 AND minimum_investment >= 0
          AND soft_cap >= 0 AND total_invested >= 0 AND investor_count >= 0 AND interested_count >= 0
        ),
        ADD CONSTRAINT assets_legal_documents_check CHECK (jsonb_typeof(legal_documents) = 'array'),
        ADD CONSTRAINT assets_asset_manager_profile_check CHECK (jsonb_typeof(asset_manager_profile) = 'object'),
        ADD CONSTRAINT assets_highlights_check CHECK (jsonb_typeof(highlights) = 'array');
      -- Not unique: legacy data has two opportunities sharing one contract address.
      CREATE INDEX assets_contract_address_idx ON assets (lower(contract_address));
      CREATE INDEX assets_opportunity_id_idx ON assets (opportunity_id);
      CREATE INDEX assets_status_idx ON assets (status);
      CREATE INDEX assets_created_at_idx ON assets (created_at DESC);
      CREATE INDEX assets_title_trgm_idx ON assets USING gin (title gin_trgm_ops);

      CREATE TABLE pool_tiers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'admin-pool-tiers' CHECK (legacy_source = 'admin-pool-tiers'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        min_tier integer,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE pool_tiers ADD COLUMN pool_id text GENERATED ALWAYS AS (legacy_key) STORED;

      CREATE TABLE legacy_admin_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'admin-logs' CHECK (legacy_source = 'admin-logs'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        logged_at timestamptz,
        action text,
        entry_type text,
        data jsonb,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE legacy_admin_logs ADD CONSTRAINT legacy_admin_logs_data_check CHECK (jsonb_typeof(data) = 'object');
      CREATE INDEX legacy_admin_logs_logged_at_idx ON legacy_admin_logs (logged_at DESC);
      CREATE INDEX legacy_admin_logs_action_idx ON legacy_admin_logs (action, logged_at DESC);
      -- The history of one opportunity: data.id is String()-comparable with assets.opportunity_id.
      CREATE INDEX legacy_admin_logs_resource_idx ON legacy_admin_logs ((data ->> 'id')) WHERE data ? 'id';

      CREATE TABLE server_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'server-logs' CHECK (legacy_source = 'server-logs'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        logged_at timestamptz,
        type text,
        data jsonb,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE server_logs ADD CONSTRAINT server_logs_data_check CHECK (jsonb_typeof(data) = 'object');
      CREATE INDEX server_logs_logged_at_idx ON server_logs (logged_at DESC);
      CREATE INDEX server_logs_type_idx ON server_logs (type, logged_at DESC);

      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'consents-db' CHECK (legacy_source = 'consents-db'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        consent_records jsonb,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE consents ADD COLUMN identity_hash text GENERATED ALWAYS AS (legacy_key) STORED;
    `);
  }
}
