import { Migration } from '@mikro-orm/migrations';

const PROFILE_COLUMNS = `
             u.id IS NOT NULL AS in_wallet_db,
             coalesce(u.wallet_address, m.wallet_address, d.wallet_address) AS wallet_address,
             m.tier,
             coalesce(k.status, 'not_submitted') AS kyc_status,
             CASE WHEN u.id IS NULL THEN 'orphan' WHEN k.status = 'verified' THEN 'verified' ELSE 'registered' END AS status,
             d.full_phone_encrypted AS phone_encrypted,
             d.full_phone_key_id AS phone_key_id,
             d.full_phone_hmac AS phone_hmac,
             coalesce(d.full_phone_masked, d.masked_phone, m.masked_phone) AS phone_masked,
             d.full_phone_last4 AS phone_last4,
             u.imported_at AS registered_imported_at`;

const PROFILE_JOINS = `
        LEFT JOIN users u ON u.legacy_key = i.identity_hash
        LEFT JOIN identity_map m ON m.legacy_key = i.identity_hash
        LEFT JOIN LATERAL (SELECT * FROM wallet_directory w WHERE w.identity_hash = i.identity_hash ORDER BY w.legacy_position LIMIT 1) d ON true
        LEFT JOIN kyc_applications k ON k.legacy_key = i.identity_hash`;

/**
 * `user_profiles` reads its identities from the `identities` table (decision 034), which the import
 * keeps up to date, instead of a second union of the four source tables: a profile is an identity the
 * registry, the identity map, the wallet directory or KYC names (an identity known only from the
 * transaction log or consents has no profile, as before). Same columns and rows, with one addition:
 * an identity named only by a KYC document whose application is quarantined is a KYC identity too,
 * and now has its profile. One list of identities in the database.
 */
export class Migration20261205215000UserProfilesFromIdentities extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE VIEW user_profiles AS
      SELECT i.identity_hash,${PROFILE_COLUMNS}
        FROM identities i${PROFILE_JOINS}
       WHERE i.in_registry OR i.in_identity_map OR i.in_wallet_directory OR i.in_kyc;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE VIEW user_profiles AS
      WITH identities AS (
        SELECT legacy_key AS identity_hash FROM users
        UNION SELECT legacy_key FROM identity_map
        UNION SELECT identity_hash FROM wallet_directory WHERE identity_hash IS NOT NULL
        UNION SELECT legacy_key FROM kyc_applications
      )
      SELECT i.identity_hash,${PROFILE_COLUMNS}
        FROM identities i${PROFILE_JOINS};
    `);
  }
}
