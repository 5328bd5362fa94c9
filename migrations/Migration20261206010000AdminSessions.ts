import { Migration } from '@mikro-orm/migrations';

/**
 * Server-side sessions (decision 056):
 * - `admin_sessions`: one row per sign-in; its id travels in the JWT. Sign-out sets `revoked_at`; a session
 *   is refused after 30 idle minutes (`last_seen_at`, refreshed at most once a minute) or 8 hours
 *   (`created_at`), and when the password or role changed after `authenticated_at`. Not attached to the
 *   row audit: the once-a-minute `last_seen_at` refresh would flood the chain, and sign-in and sign-out are
 *   already audited events.
 * - `admin_users.role_changed_at`: set with every role change, so older sessions end.
 * - `admin_users.must_change_password`: a one-time password (the generated first super admin's, one an
 *   admin reset or a new account's) must be replaced before anything else; a session signed in with it
 *   carries the flag (`admin_sessions.must_change_password`) until that session changes the password.
 *   Defaults to false, so accounts created directly in SQL or with ADMIN_PASSWORD are not forced.
 */
export class Migration20261206010000AdminSessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE admin_users ADD COLUMN role_changed_at timestamptz NOT NULL DEFAULT now();
      ALTER TABLE admin_users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

      CREATE TABLE admin_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        admin_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        authenticated_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        must_change_password boolean NOT NULL DEFAULT false,
        ip_address inet,
        user_agent varchar(512)
      );
      CREATE INDEX admin_sessions_admin_idx ON admin_sessions (admin_id) WHERE revoked_at IS NULL;
    `);
  }
}
