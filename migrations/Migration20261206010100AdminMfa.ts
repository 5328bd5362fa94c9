import { Migration } from '@mikro-orm/migrations';

/**
 * TOTP second factor (decision 057):
 * - `admin_mfa`: one row per admin with an authenticator secret (AES-GCM under the PII keyring,
 *   `keyId:base64`), `enabled_at` once a first code confirmed it, and `last_step`, the last accepted
 *   30-second step: a code of that step or an earlier one is refused (no replay).
 * - `admin_recovery_codes`: SHA-256 of each single-use recovery code (128-bit random, so a fast hash is
 *   enough), `used_at` once spent.
 * - `admin_sessions.mfa_pending`: a session that gave the password but not yet the code.
 * Neither table is under the row audit (the step moves at every sign-in); enrolment, disabling, resets
 * and failed codes are written as audit events by the service.
 */
export class Migration20261206010100AdminMfa extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE admin_mfa (
        admin_id uuid PRIMARY KEY REFERENCES admin_users (id) ON DELETE CASCADE,
        secret_encrypted text NOT NULL,
        enabled_at timestamptz,
        last_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE admin_recovery_codes (
        admin_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (admin_id, code_hash)
      );
      ALTER TABLE admin_sessions ADD COLUMN mfa_pending boolean NOT NULL DEFAULT false;
    `);
  }
}
