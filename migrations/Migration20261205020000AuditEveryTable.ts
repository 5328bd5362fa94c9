import { Migration } from '@mikro-orm/migrations';

/**
 * Row audit on every domain table (decision 036), a `sync` audit source for what the sync worker brings
 * in from the legacy files, `changed_at` always from the database, and verified checkpoints of the chain.
 *
 * - `audit_row_change()` now keeps secrets out of the trail: `password_hash` is dropped as before, and
 *   columns ending in `_encrypted` or `_hmac` (phone ciphertext and its blind index) are replaced by a
 *   short fingerprint, so a change still shows without copying the value.
 * - `audit_attach(table, ignored columns)` is the one line that puts a table under audit.
 * - A bulk import may skip the per-row entries (it records one event per source and run instead) only
 *   when the transaction set `pend.bulk_load = on` AND runs as the role that owned the schema when this
 *   migration ran (`audit_bulk_owner()`): the application role, which connects and then `SET ROLE`s,
 *   is never that role, so setting the flag changes nothing for it. The test is a trigger `WHEN` clause,
 *   so a skipped row costs no PL/pgSQL call.
 */
export class Migration20261205020000AuditEveryTable extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE audit_trail DROP CONSTRAINT audit_trail_source_check;
      ALTER TABLE audit_trail ADD CONSTRAINT audit_trail_source_check
        CHECK (source IN ('admin-ui', 'legacy-api', 'migration', 'legacy-log', 'system', 'cli', 'sync'));

      DO $$
      BEGIN
        EXECUTE format('CREATE FUNCTION audit_bulk_owner() RETURNS name LANGUAGE sql IMMUTABLE AS %L',
                       format('SELECT %L::name', current_user));
      END
      $$;

      -- changed_at is the database's clock; only entries copied from the legacy server's own admin log
      -- keep the time that log gives.
      CREATE OR REPLACE FUNCTION audit_trail_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_hash char(64);
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'audit_trail writes require READ COMMITTED isolation';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('audit_trail_chain'));
        NEW.seq := nextval('audit_trail_seq');
        SELECT row_hash INTO last_hash FROM audit_trail ORDER BY seq DESC LIMIT 1;
        NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
        IF NEW.source <> 'legacy-log' OR NEW.changed_at IS NULL THEN NEW.changed_at := now(); END IF;
        NEW.row_hash := audit_row_hash(NEW);
        RETURN NEW;
      END
      $$;

      CREATE FUNCTION audit_redact(doc jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT coalesce(jsonb_object_agg(key, CASE
                 WHEN (key LIKE '%\\_encrypted' OR key LIKE '%\\_hmac') AND value <> 'null'::jsonb
                   THEN to_jsonb('redacted:' || left(encode(digest(value::text, 'sha256'), 'hex'), 12))
                 ELSE value END), '{}'::jsonb)
          FROM jsonb_each(doc - 'password_hash')
      $$;

      CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_doc jsonb;
        new_doc jsonb;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN old_doc := to_jsonb(OLD); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN new_doc := to_jsonb(NEW); END IF;
        -- Compared before redaction, so a change to a secret alone is still an entry.
        IF TG_OP = 'UPDATE' AND (old_doc - TG_ARGV) = (new_doc - TG_ARGV) THEN
          RETURN NULL;
        END IF;
        old_doc := audit_redact(old_doc);
        new_doc := audit_redact(new_doc);
        INSERT INTO audit_trail (table_name, record_id, action, old_values, new_values,
                                 changed_by, actor_label, source, ip_address, user_agent)
        -- record_id is varchar(255); a legacy key or identity hash may be longer (the full value is in the documents).
        VALUES (TG_TABLE_NAME, left(coalesce(new_doc ->> 'id', old_doc ->> 'id', new_doc ->> 'key', old_doc ->> 'key',
                                             new_doc ->> 'identity_hash', old_doc ->> 'identity_hash'), 255),
                TG_OP, old_doc, new_doc,
                nullif(current_setting('pend.actor_id', true), '')::uuid,
                nullif(current_setting('pend.actor_label', true), ''),
                coalesce(nullif(current_setting('pend.source', true), ''), 'system'),
                nullif(current_setting('pend.ip', true), '')::inet,
                nullif(current_setting('pend.user_agent', true), ''));
        RETURN NULL;
      END
      $$;

      CREATE FUNCTION audit_attach(target regclass, ignored text[] DEFAULT ARRAY['updated_at']) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', target::text || '_audit', target);
        EXECUTE format(
          'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW '
          'WHEN (current_setting(''pend.bulk_load'', true) IS DISTINCT FROM ''on'' OR current_user <> audit_bulk_owner()) '
          'EXECUTE FUNCTION audit_row_change(%s)',
          target::text || '_audit', target, (SELECT string_agg(quote_literal(column_name), ', ') FROM unnest(ignored) AS column_name));
      END
      $$;

      SELECT audit_attach('assets');
      SELECT audit_attach('users');
      SELECT audit_attach('kyc_applications');
      SELECT audit_attach('kyc_documents');
      SELECT audit_attach('wallet_directory');
      SELECT audit_attach('transaction_log');
      SELECT audit_attach('chain_blocks');
      SELECT audit_attach('chain_transactions');
      SELECT audit_attach('pool_tiers');
      SELECT audit_attach('consents');
      SELECT audit_attach('server_logs');
      SELECT audit_attach('legacy_admin_logs');
      SELECT audit_attach('identity_map');
      SELECT audit_attach('live_stats');
      DO $$
      BEGIN
        -- identities is keyed by its hash (no id); its last_seen_at moves on every import that names it, which is not a change.
        IF to_regclass('identities') IS NOT NULL THEN PERFORM audit_attach('identities', ARRAY['last_seen_at']); END IF;
      END
      $$;

      -- The last entry a full or incremental verification found intact; the next check starts after it.
      CREATE TABLE audit_checkpoints (
        id bigserial PRIMARY KEY,
        seq bigint NOT NULL,
        row_hash char(64) NOT NULL,
        kind varchar(12) NOT NULL CHECK (kind IN ('full', 'incremental')),
        entries_checked bigint NOT NULL,
        verified_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }
}
