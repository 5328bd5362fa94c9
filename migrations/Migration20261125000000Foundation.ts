import { Migration } from '@mikro-orm/migrations';

/**
 * Extensions, admin users, settings and the append-only, hash-chained audit trail.
 * The chain is built by a BEFORE INSERT trigger under a transaction-scoped advisory lock, so
 * concurrent writers always form one linear chain (seq order = lock order = chain order).
 */
export class Migration20261125000000Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE EXTENSION IF NOT EXISTS pgcrypto;
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE EXTENSION IF NOT EXISTS btree_gin;
      CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

      CREATE TABLE admin_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        name varchar(120) NOT NULL DEFAULT '',
        role varchar(20) NOT NULL CHECK (role IN ('super_admin', 'asset_manager', 'kyc_verifier', 'auditor', 'viewer')),
        password_hash text NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until timestamptz,
        last_login_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT admin_users_email_unique UNIQUE (email)
      );

      CREATE TABLE app_settings (
        key varchar(100) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE SEQUENCE audit_trail_seq;
      CREATE TABLE audit_trail (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint NOT NULL UNIQUE,
        table_name varchar(50) NOT NULL,
        record_id varchar(255) NOT NULL,
        action varchar(20) NOT NULL,
        old_values jsonb,
        new_values jsonb,
        changed_by uuid REFERENCES admin_users (id),
        actor_label varchar(254),
        source varchar(20) NOT NULL DEFAULT 'system'
          CHECK (source IN ('admin-ui', 'legacy-api', 'migration', 'legacy-log', 'system', 'cli')),
        changed_at timestamptz NOT NULL DEFAULT now(),
        ip_address inet,
        user_agent text,
        prev_hash char(64) NOT NULL,
        row_hash char(64) NOT NULL UNIQUE
      );
      CREATE INDEX audit_trail_changed_at_idx ON audit_trail (changed_at DESC);
      CREATE INDEX audit_trail_table_idx ON audit_trail (table_name, changed_at DESC);
      CREATE INDEX audit_trail_actor_idx ON audit_trail (changed_by, changed_at DESC);
      CREATE INDEX audit_trail_action_idx ON audit_trail (action, changed_at DESC);

      -- The hashed content: every column but id/row_hash, with timestamps in fixed UTC text.
      CREATE FUNCTION audit_row_hash(entry audit_trail) RETURNS char(64) LANGUAGE sql STABLE AS $$
        SELECT encode(digest(entry.prev_hash || jsonb_build_object(
          'seq', entry.seq, 'table', entry.table_name, 'record', entry.record_id, 'action', entry.action,
          'old', entry.old_values, 'new', entry.new_values, 'by', entry.changed_by, 'label', entry.actor_label,
          'source', entry.source,
          'at', to_char(entry.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          'ip', host(entry.ip_address), 'ua', entry.user_agent)::text, 'sha256'), 'hex')
      $$;

      CREATE FUNCTION audit_trail_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_hash char(64);
      BEGIN
        -- A snapshot older than the lock would miss the previous link and fork the chain.
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'audit_trail writes require READ COMMITTED isolation';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('audit_trail_chain'));
        NEW.seq := nextval('audit_trail_seq');
        SELECT row_hash INTO last_hash FROM audit_trail ORDER BY seq DESC LIMIT 1;
        NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
        NEW.changed_at := coalesce(NEW.changed_at, now());
        NEW.row_hash := audit_row_hash(NEW);
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER audit_trail_chain BEFORE INSERT ON audit_trail
        FOR EACH ROW EXECUTE FUNCTION audit_trail_chain();

      CREATE FUNCTION audit_trail_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_trail is append-only' USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER audit_trail_no_change BEFORE UPDATE OR DELETE ON audit_trail
        FOR EACH ROW EXECUTE FUNCTION audit_trail_immutable();
      CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
        FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_immutable();

      -- Generic row audit: TG_ARGV lists columns whose changes alone are not worth an entry.
      -- Actor, source, IP and user agent come from transaction-local settings the entry-point wrapper sets.
      CREATE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_doc jsonb;
        new_doc jsonb;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN old_doc := to_jsonb(OLD) - 'password_hash'; END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN new_doc := to_jsonb(NEW) - 'password_hash'; END IF;
        IF TG_OP = 'UPDATE' AND (old_doc - TG_ARGV) = (new_doc - TG_ARGV)
           AND (to_jsonb(OLD) ->> 'password_hash') IS NOT DISTINCT FROM (to_jsonb(NEW) ->> 'password_hash') THEN
          RETURN NULL;
        END IF;
        INSERT INTO audit_trail (table_name, record_id, action, old_values, new_values,
                                 changed_by, actor_label, source, ip_address, user_agent)
        VALUES (TG_TABLE_NAME, coalesce(new_doc ->> 'id', old_doc ->> 'id', new_doc ->> 'key', old_doc ->> 'key'),
                TG_OP, old_doc, new_doc,
                nullif(current_setting('pend.actor_id', true), '')::uuid,
                nullif(current_setting('pend.actor_label', true), ''),
                coalesce(nullif(current_setting('pend.source', true), ''), 'system'),
                nullif(current_setting('pend.ip', true), '')::inet,
                nullif(current_setting('pend.user_agent', true), ''));
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER admin_users_audit AFTER INSERT OR UPDATE OR DELETE ON admin_users
        FOR EACH ROW EXECUTE FUNCTION audit_row_change('failed_login_count', 'locked_until', 'last_login_at', 'updated_at');
      CREATE TRIGGER app_settings_audit AFTER INSERT OR UPDATE OR DELETE ON app_settings
        FOR EACH ROW EXECUTE FUNCTION audit_row_change('updated_at');
    `);
  }
}
