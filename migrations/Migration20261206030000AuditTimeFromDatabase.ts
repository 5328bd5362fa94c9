import { Migration } from '@mikro-orm/migrations';

/**
 * `changed_at` of an audit entry is the database's clock for every role but the schema owner: only the
 * owner's legacy import copies the legacy admin log's own times (source `legacy-log`). Before, any role
 * could back-date an entry by calling it `legacy-log`; now the application role's value is ignored.
 */
export class Migration20261206030000AuditTimeFromDatabase extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
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
        IF NEW.source <> 'legacy-log' OR NEW.changed_at IS NULL OR current_user <> audit_bulk_owner() THEN
          NEW.changed_at := now();
        END IF;
        NEW.row_hash := audit_row_hash(NEW);
        RETURN NEW;
      END
      $$;
    `);
  }
}
