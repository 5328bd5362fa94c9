import { Migration } from '@mikro-orm/migrations';

/**
 * The user page (decision 054):
 * - `identities.id`: an opaque, stable id for each identity, so the user page's URL never carries the
 *   identity hash (personal data: it is derived from the phone number). Identities are never deleted by
 *   an import (their flags are cleared), so the id outlives re-imports.
 * - `user_data_access`: who looked at a person's data (each user-page view, each phone reveal with its
 *   reason), for GDPR access requests. Not attached to the audit trigger: a page view must cost one plain
 *   INSERT, not a turn on the hash chain's lock; a reveal also writes its own chained audit event.
 * - Two expression indexes on the legacy server log, for the entries that name an identity (WebAuthn)
 *   or one of its transactions (chain writes): the user page lists them without a scan of the log.
 */
export class Migration20261205224000UserPage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE identities ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
      ALTER TABLE identities ADD CONSTRAINT identities_id_key UNIQUE (id);

      CREATE TABLE user_data_access (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        identity_id uuid NOT NULL REFERENCES identities (id),
        admin_id uuid REFERENCES admin_users (id) ON DELETE SET NULL,
        admin_label varchar(254) NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('page_view', 'phone_reveal')),
        reason varchar(500),
        accessed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_data_access_reveal_reason CHECK (kind <> 'phone_reveal' OR reason IS NOT NULL)
      );
      CREATE INDEX user_data_access_identity_idx ON user_data_access (identity_id, accessed_at DESC, id DESC);

      CREATE INDEX server_logs_identity_hash_idx ON server_logs ((data ->> 'identityHash'));
      CREATE INDEX server_logs_tx_hash_idx ON server_logs ((data ->> 'txHash'));
    `);
  }
}
