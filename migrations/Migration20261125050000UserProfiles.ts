import { Migration } from '@mikro-orm/migrations';

/**
 * One row per known identity across the legacy sources: the registry (wallet-db), the chain's identity
 * map (tier), the wallet directory (encrypted phone, blind index, mask, last digits) and KYC (status).
 * A view, not a copy: the source tables stay the lossless truth, and orphans on either side still show
 * (`in_wallet_db` false = known to the chain or KYC only).
 */
export class Migration20261125050000UserProfiles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE VIEW user_profiles AS
      WITH identities AS (
        SELECT legacy_key AS identity_hash FROM users
        UNION SELECT legacy_key FROM identity_map
        UNION SELECT identity_hash FROM wallet_directory WHERE identity_hash IS NOT NULL
        UNION SELECT legacy_key FROM kyc_applications
      )
      SELECT i.identity_hash,
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
             u.imported_at AS registered_imported_at
        FROM identities i
        LEFT JOIN users u ON u.legacy_key = i.identity_hash
        LEFT JOIN identity_map m ON m.legacy_key = i.identity_hash
        LEFT JOIN LATERAL (SELECT * FROM wallet_directory w WHERE w.identity_hash = i.identity_hash ORDER BY w.legacy_position LIMIT 1) d ON true
        LEFT JOIN kyc_applications k ON k.legacy_key = i.identity_hash;
    `);
  }
}
