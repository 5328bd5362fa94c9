import { Migration } from '@mikro-orm/migrations';

/**
 * Every identity hash any legacy source names, with where it is named now (decision 034). Each row that
 * carries an identity hash references it with a foreign key, so no statement, whoever runs it, can store
 * a row for an identity this table does not hold; an orphan (a KYC application, wallet or transaction of
 * an identity wallet-db.json lacks) is an identity with `in_registry` false, not a dangling text value.
 *
 * The keys are DEFERRABLE INITIALLY IMMEDIATE: a raw INSERT is checked at once, while the import defers
 * them inside its per-source transaction, so the COPY goes in first and the source's identities are
 * recorded from the table in one statement before COMMIT checks every row.
 */
export class Migration20261205011000Identities extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE identities (
        identity_hash text PRIMARY KEY,
        in_registry boolean NOT NULL DEFAULT false,
        in_identity_map boolean NOT NULL DEFAULT false,
        in_wallet_directory boolean NOT NULL DEFAULT false,
        in_kyc boolean NOT NULL DEFAULT false,
        in_transactions boolean NOT NULL DEFAULT false,
        in_consents boolean NOT NULL DEFAULT false,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      );

      INSERT INTO identities (identity_hash, in_registry, in_identity_map, in_wallet_directory, in_kyc, in_transactions, in_consents)
      SELECT identity_hash, bool_or(seen_in = 'registry'), bool_or(seen_in = 'identity_map'), bool_or(seen_in = 'wallet_directory'),
             bool_or(seen_in = 'kyc'), bool_or(seen_in = 'transactions'), bool_or(seen_in = 'consents')
        FROM (SELECT legacy_key AS identity_hash, 'registry' AS seen_in FROM users
              UNION ALL SELECT legacy_key, 'identity_map' FROM identity_map
              UNION ALL SELECT DISTINCT identity_hash, 'wallet_directory' FROM wallet_directory WHERE identity_hash IS NOT NULL
              UNION ALL SELECT legacy_key, 'kyc' FROM kyc_applications
              UNION ALL SELECT DISTINCT identity_hash, 'transactions' FROM transaction_log WHERE identity_hash IS NOT NULL
              UNION ALL SELECT legacy_key, 'consents' FROM consents) seen
       GROUP BY identity_hash;

      ALTER TABLE users ADD CONSTRAINT users_identity_hash_fkey
        FOREIGN KEY (identity_hash) REFERENCES identities (identity_hash) DEFERRABLE INITIALLY IMMEDIATE;
      ALTER TABLE identity_map ADD CONSTRAINT identity_map_identity_hash_fkey
        FOREIGN KEY (identity_hash) REFERENCES identities (identity_hash) DEFERRABLE INITIALLY IMMEDIATE;
      ALTER TABLE wallet_directory ADD CONSTRAINT wallet_directory_identity_hash_fkey
        FOREIGN KEY (identity_hash) REFERENCES identities (identity_hash) DEFERRABLE INITIALLY IMMEDIATE;
      ALTER TABLE kyc_applications ADD CONSTRAINT kyc_applications_identity_hash_fkey
        FOREIGN KEY (identity_hash) REFERENCES identities (identity_hash) DEFERRABLE INITIALLY IMMEDIATE;
      ALTER TABLE kyc_documents ADD CONSTRAINT kyc_documents_identity_hash_fkey
        FOREIGN KEY (identity_hash) REFERENCES identities (identity_hash) DEFERRABLE INITIALLY IMMEDIATE;
      ALTER TABLE transaction_log ADD CONSTRAINT transaction_log_identity_hash_fkey
        FOREIGN KEY (identity_hash) REFERENCES identities (identity_hash) DEFERRABLE INITIALLY IMMEDIATE;
      ALTER TABLE consents ADD CONSTRAINT consents_identity_hash_fkey
        FOREIGN KEY (identity_hash) REFERENCES identities (identity_hash) DEFERRABLE INITIALLY IMMEDIATE;
      -- The consents' identity column is only the generated copy of legacy_key; lookups by identity use it.
      CREATE INDEX consents_identity_hash_idx ON consents (identity_hash);
    `);
  }
}
