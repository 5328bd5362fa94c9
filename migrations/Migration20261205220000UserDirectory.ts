import { Migration } from '@mikro-orm/migrations';

/**
 * The users directory (decision 053).
 *
 * - `identities.id`: an opaque id for URLs (`/users/<id>`); the identity hash is personal data and never
 *   goes into a link.
 * - `user_activity_summary` (one row per identity with transactions) and `user_activity_months` (one row
 *   per identity and calendar month, UTC): the transaction log summed per identity, so the grid sorts and
 *   filters on invested total, transaction count and last activity, and the analytics build cohorts,
 *   without aggregating the log on every request. Statement-level triggers on `transaction_log` keep them
 *   current in the same transaction as any write (import COPY, sync upsert, row write): each statement
 *   re-sums only the identities its rows name. Derived data, so not audited; the log itself is.
 * - A trigram index on the identity map's wallet addresses: an orphan's wallet is found by part of its
 *   address like a registered user's (`users` and `wallet_directory` have theirs already).
 * - A pattern index on the identity hash: the directory's hash-prefix search.
 */
export class Migration20261205220000UserDirectory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE identities ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
      ALTER TABLE identities ADD CONSTRAINT identities_id_key UNIQUE (id);
      CREATE INDEX identities_identity_hash_prefix_idx ON identities (identity_hash text_pattern_ops);
      CREATE INDEX identity_map_wallet_address_trgm_idx ON identity_map USING gin (wallet_address gin_trgm_ops);

      CREATE TABLE user_activity_summary (
        identity_hash text PRIMARY KEY,
        transactions integer NOT NULL,
        investments integer NOT NULL,
        invested_total numeric NOT NULL,
        first_activity_at timestamptz,
        last_activity_at timestamptz
      );
      CREATE INDEX user_activity_summary_last_activity_idx ON user_activity_summary (last_activity_at);

      CREATE TABLE user_activity_months (
        identity_hash text NOT NULL,
        month date NOT NULL,
        transactions integer NOT NULL,
        invested numeric NOT NULL,
        PRIMARY KEY (identity_hash, month)
      );
      CREATE INDEX user_activity_months_month_idx ON user_activity_months (month);

      -- Re-sums the log for these identities; an identity left without transactions loses its rows.
      CREATE FUNCTION user_activity_refresh(identity_hashes text[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM user_activity_summary WHERE identity_hash = ANY (identity_hashes);
        DELETE FROM user_activity_months WHERE identity_hash = ANY (identity_hashes);
        INSERT INTO user_activity_summary (identity_hash, transactions, investments, invested_total, first_activity_at, last_activity_at)
        SELECT identity_hash, count(*), count(*) FILTER (WHERE type = 'harvest_invest'),
               coalesce(sum(amount) FILTER (WHERE type = 'harvest_invest'), 0), min(occurred_at), max(occurred_at)
          FROM transaction_log WHERE identity_hash = ANY (identity_hashes)
         GROUP BY identity_hash
        ON CONFLICT (identity_hash) DO UPDATE
           SET (transactions, investments, invested_total, first_activity_at, last_activity_at) =
               (EXCLUDED.transactions, EXCLUDED.investments, EXCLUDED.invested_total, EXCLUDED.first_activity_at, EXCLUDED.last_activity_at);
        INSERT INTO user_activity_months (identity_hash, month, transactions, invested)
        SELECT identity_hash, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, count(*),
               coalesce(sum(amount) FILTER (WHERE type = 'harvest_invest'), 0)
          FROM transaction_log WHERE identity_hash = ANY (identity_hashes) AND occurred_at IS NOT NULL
         GROUP BY 1, 2
        ON CONFLICT (identity_hash, month) DO UPDATE SET (transactions, invested) = (EXCLUDED.transactions, EXCLUDED.invested);
      $$;

      CREATE FUNCTION user_activity_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM user_activity_refresh(ARRAY(SELECT DISTINCT identity_hash FROM new_rows WHERE identity_hash IS NOT NULL));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM user_activity_refresh(ARRAY(
            SELECT identity_hash FROM old_rows WHERE identity_hash IS NOT NULL
             UNION SELECT identity_hash FROM new_rows WHERE identity_hash IS NOT NULL));
        ELSE
          PERFORM user_activity_refresh(ARRAY(SELECT DISTINCT identity_hash FROM old_rows WHERE identity_hash IS NOT NULL));
        END IF;
        RETURN NULL;
      END
      $$;

      CREATE FUNCTION user_activity_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM user_activity_summary;
        DELETE FROM user_activity_months;
        RETURN NULL;
      END
      $$;

      -- A trigger with transition tables takes one event, hence three.
      CREATE TRIGGER user_activity_after_insert AFTER INSERT ON transaction_log
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION user_activity_after_write();
      CREATE TRIGGER user_activity_after_update AFTER UPDATE ON transaction_log
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION user_activity_after_write();
      CREATE TRIGGER user_activity_after_delete AFTER DELETE ON transaction_log
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION user_activity_after_write();
      CREATE TRIGGER user_activity_after_truncate AFTER TRUNCATE ON transaction_log
        FOR EACH STATEMENT EXECUTE FUNCTION user_activity_after_truncate();

      SELECT user_activity_refresh(ARRAY(SELECT DISTINCT identity_hash FROM transaction_log WHERE identity_hash IS NOT NULL));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      DROP TRIGGER user_activity_after_truncate ON transaction_log;
      DROP TRIGGER user_activity_after_delete ON transaction_log;
      DROP TRIGGER user_activity_after_update ON transaction_log;
      DROP TRIGGER user_activity_after_insert ON transaction_log;
      DROP FUNCTION user_activity_after_truncate();
      DROP FUNCTION user_activity_after_write();
      DROP FUNCTION user_activity_refresh(text[]);
      DROP TABLE user_activity_months;
      DROP TABLE user_activity_summary;
      DROP INDEX identity_map_wallet_address_trgm_idx;
      DROP INDEX identities_identity_hash_prefix_idx;
      ALTER TABLE identities DROP COLUMN id;
    `);
  }
}
