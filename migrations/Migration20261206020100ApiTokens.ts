import { Migration } from '@mikro-orm/migrations';

/**
 * Personal API tokens (decision 059): created by an admin for themself, with a role within theirs and
 * a required expiry. Only the SHA-256 of the secret is stored; `prefix` is its first characters, for
 * recognising a token in the list. `last_used_at` is written at most once a minute and not audited.
 */
export class Migration20261206020100ApiTokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        name varchar(80) NOT NULL CHECK (length(btrim(name)) > 0),
        role varchar(20) NOT NULL CHECK (role IN ('super_admin', 'asset_manager', 'kyc_verifier', 'auditor', 'viewer')),
        token_hash char(64) NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        prefix varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        CHECK (expires_at > created_at AND expires_at <= created_at + interval '366 days')
      );
      CREATE INDEX api_tokens_owner_idx ON api_tokens (owner_id, created_at DESC);
      SELECT audit_attach('api_tokens', ARRAY['last_used_at']);
    `);
  }
}
