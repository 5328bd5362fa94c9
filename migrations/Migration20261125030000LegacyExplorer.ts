import { Migration } from '@mikro-orm/migrations';

/**
 * Tables of the KYC and explorer sources: kyc-metadata → kyc_applications (+ kyc_documents, the files),
 * transactions-log → transaction_log, persistent-transactions → chain_transactions, wallets-directory →
 * wallet_directory, identity-map → identity_map, live-stats → live_stats. Each CREATE TABLE is exactly
 * what `npm run migrate:ddl` prints for the source's mapping (lib/migration/mappings/); constraints,
 * generated columns and indexes follow it. Every CHECK on a legacy table only restates what the
 * column's codec already guarantees, so an import never fails on it: a value it would reject stays in
 * `extra` (or, for a required field, quarantines the record). There are no foreign keys to `users`:
 * legacy KYC and explorer rows may name identities wallet-db.json lacks; those are reported as orphans.
 */
export class Migration20261125030000LegacyExplorer extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE kyc_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'kyc-metadata' CHECK (legacy_source = 'kyc-metadata'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        status text,
        status_legacy text,
        last_updated_at timestamptz,
        reviewed_at timestamptz,
        rejection_reason text,
        documents jsonb,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The status is required by the mapping (a missing or unknown spelling is quarantined).
      ALTER TABLE kyc_applications
        ALTER COLUMN status SET NOT NULL,
        ADD CONSTRAINT kyc_applications_status_check CHECK (status IN ('pending_review', 'under_review', 'verified', 'rejected')),
        ADD CONSTRAINT kyc_applications_documents_check CHECK (jsonb_typeof(documents) = 'object');
      ALTER TABLE kyc_applications ADD COLUMN identity_hash text GENERATED ALWAYS AS (legacy_key) STORED;
      CREATE INDEX kyc_applications_status_idx ON kyc_applications (status, last_updated_at DESC);
      CREATE INDEX kyc_applications_identity_hash_idx ON kyc_applications (identity_hash);

      -- One row per document a KYC application lists (lib/migration/kyc-documents.ts). The file itself is
      -- in content-addressed storage (storage_path = <sha256 first 2>/<sha256>); the metadata entry stays
      -- whole in kyc_applications.documents, which is what rebuilds the legacy record.
      CREATE TABLE kyc_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES kyc_applications (id) ON DELETE CASCADE,
        identity_hash text NOT NULL,
        legacy_key text NOT NULL,
        doc_type_legacy text NOT NULL,
        document_type varchar(20)
          CHECK (document_type IN ('national_id', 'passport', 'driver_license', 'utility_bill', 'proof_of_income', 'bank_statement')),
        stored_filename text,
        original_filename text,
        mime_type text,
        relative_path text,
        legacy_size bigint CHECK (legacy_size >= 0),
        actual_size bigint CHECK (actual_size >= 0),
        sha256 char(64) CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_path text,
        uploaded_at timestamptz,
        status varchar(20) NOT NULL CHECK (status IN ('stored', 'missing', 'size-mismatch')),
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT kyc_documents_type_unique UNIQUE (application_id, doc_type_legacy),
        -- A stored file has its hash, size and storage path; a missing one has none of them.
        CONSTRAINT kyc_documents_file_check CHECK (
          (status = 'missing') = (sha256 IS NULL) AND (sha256 IS NULL) = (storage_path IS NULL) AND (sha256 IS NULL) = (actual_size IS NULL)
        ),
        CONSTRAINT kyc_documents_size_check CHECK (CASE status
          WHEN 'size-mismatch' THEN legacy_size IS NOT NULL AND legacy_size <> actual_size
          WHEN 'stored' THEN legacy_size IS NULL OR legacy_size = actual_size
          ELSE true END)
      );
      CREATE INDEX kyc_documents_identity_hash_idx ON kyc_documents (identity_hash);
      CREATE INDEX kyc_documents_sha256_idx ON kyc_documents (sha256);
      CREATE INDEX kyc_documents_stored_filename_idx ON kyc_documents (stored_filename);
      CREATE INDEX kyc_documents_problem_idx ON kyc_documents (status) WHERE status <> 'stored';

      CREATE TABLE transaction_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'transactions-log' CHECK (legacy_source = 'transactions-log'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        legacy_id integer,
        occurred_at timestamptz,
        type text,
        identity_hash text,
        wallet_address text,
        phone_encrypted bytea,
        phone_key_id text,
        phone_hmac bytea,
        phone_masked text,
        phone_last4 text,
        amount numeric,
        tx_hash text,
        block_number bigint,
        sender_wallet_address text,
        sub_type text,
        terms_version text,
        ip_address text,
        user_agent text,
        legal_context text,
        action text,
        consent_tier integer,
        consent_type text,
        consent_level text,
        location text,
        biometric_used boolean,
        device_fingerprint text,
        metadata jsonb,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE transaction_log
        ADD CONSTRAINT transaction_log_phone_check CHECK ((phone_encrypted IS NULL) = (phone_key_id IS NULL)),
        ADD CONSTRAINT transaction_log_metadata_check CHECK (jsonb_typeof(metadata) = 'object');
      CREATE INDEX transaction_log_identity_hash_idx ON transaction_log (identity_hash);
      CREATE INDEX transaction_log_wallet_address_idx ON transaction_log (lower(wallet_address));
      CREATE INDEX transaction_log_sender_wallet_address_idx ON transaction_log (lower(sender_wallet_address))
        WHERE sender_wallet_address IS NOT NULL;
      CREATE INDEX transaction_log_type_occurred_idx ON transaction_log (type, occurred_at DESC);
      CREATE INDEX transaction_log_occurred_idx ON transaction_log (occurred_at DESC);
      CREATE INDEX transaction_log_tx_hash_idx ON transaction_log (tx_hash);
      CREATE INDEX transaction_log_block_number_idx ON transaction_log (block_number);
      CREATE INDEX transaction_log_phone_hmac_idx ON transaction_log (phone_hmac) WHERE phone_hmac IS NOT NULL;
      CREATE INDEX transaction_log_phone_last4_idx ON transaction_log (phone_last4) WHERE phone_last4 IS NOT NULL;

      CREATE TABLE chain_transactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'persistent-transactions' CHECK (legacy_source = 'persistent-transactions'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        tx_hash text,
        block_number bigint,
        block_hash text,
        transaction_index integer,
        from_address text,
        to_address text,
        value_wei numeric,
        gas_used bigint,
        gas_price_wei numeric,
        tx_type text,
        status text,
        mined_at timestamptz,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The hash is required by the mapping. value_wei / gas_price_wei are plain numeric: wei above 2^64 stay exact.
      ALTER TABLE chain_transactions ALTER COLUMN tx_hash SET NOT NULL;
      CREATE INDEX chain_transactions_tx_hash_idx ON chain_transactions (tx_hash);
      CREATE INDEX chain_transactions_block_idx ON chain_transactions (block_number, transaction_index);
      CREATE INDEX chain_transactions_from_idx ON chain_transactions (lower(from_address));
      CREATE INDEX chain_transactions_to_idx ON chain_transactions (lower(to_address));
      CREATE INDEX chain_transactions_mined_at_idx ON chain_transactions (mined_at DESC);

      CREATE TABLE wallet_directory (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'wallets-directory' CHECK (legacy_source = 'wallets-directory'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        identity_hash text,
        wallet_address text,
        phone_hash text,
        masked_phone text,
        full_phone_encrypted bytea,
        full_phone_key_id text,
        full_phone_hmac bytea,
        full_phone_masked text,
        full_phone_last4 text,
        phone_registered_at timestamptz,
        phone_block_number bigint,
        phone_tx_hash text,
        created_at timestamptz,
        created_block bigint,
        creation_tx_hash text,
        balance_egp numeric,
        balance_hvt numeric,
        identity jsonb,
        real_phone_number boolean,
        last_updated_at timestamptz,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The wallet address is required by the mapping.
      ALTER TABLE wallet_directory
        ALTER COLUMN wallet_address SET NOT NULL,
        ADD CONSTRAINT wallet_directory_full_phone_check CHECK ((full_phone_encrypted IS NULL) = (full_phone_key_id IS NULL)),
        ADD CONSTRAINT wallet_directory_identity_check CHECK (jsonb_typeof(identity) = 'object');
      CREATE INDEX wallet_directory_identity_hash_idx ON wallet_directory (identity_hash);
      CREATE INDEX wallet_directory_wallet_address_idx ON wallet_directory (lower(wallet_address));
      CREATE INDEX wallet_directory_phone_hash_idx ON wallet_directory (phone_hash);
      CREATE INDEX wallet_directory_full_phone_hmac_idx ON wallet_directory (full_phone_hmac) WHERE full_phone_hmac IS NOT NULL;
      CREATE INDEX wallet_directory_full_phone_last4_idx ON wallet_directory (full_phone_last4) WHERE full_phone_last4 IS NOT NULL;
      CREATE INDEX wallet_directory_created_at_idx ON wallet_directory (created_at DESC);

      CREATE TABLE identity_map (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'identity-map' CHECK (legacy_source = 'identity-map'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        wallet_address text,
        masked_phone text,
        phone_hash text,
        tier integer,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The tier codec stores only 0–5 (any other value stays in extra), so this CHECK never fails an import.
      ALTER TABLE identity_map ADD CONSTRAINT identity_map_tier_check CHECK (tier BETWEEN 0 AND 5);
      ALTER TABLE identity_map ADD COLUMN identity_hash text GENERATED ALWAYS AS (legacy_key) STORED;
      CREATE INDEX identity_map_identity_hash_idx ON identity_map (identity_hash);
      CREATE INDEX identity_map_wallet_address_idx ON identity_map (lower(wallet_address));
      CREATE INDEX identity_map_phone_hash_idx ON identity_map (phone_hash);
      CREATE INDEX identity_map_tier_idx ON identity_map (tier);

      CREATE TABLE live_stats (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legacy_source varchar(40) NOT NULL DEFAULT 'live-stats' CHECK (legacy_source = 'live-stats'),
        legacy_key text NOT NULL UNIQUE,
        legacy_position integer NOT NULL,
        legacy_hash char(64) NOT NULL,
        legacy_layout jsonb,
        extra jsonb NOT NULL DEFAULT '{}',
        block_height bigint,
        total_wallets integer,
        pool_tvl numeric,
        nav numeric,
        active_investors integer,
        last_updated_at timestamptz,
        imported_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }
}
