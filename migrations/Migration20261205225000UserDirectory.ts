import { Migration } from '@mikro-orm/migrations';
import { accountStatusSql } from '@/lib/users/account-status';

const SOURCES = ['users', 'identity_map', 'kyc_applications', 'wallet_directory', 'transaction_log'] as const;
const EVENTS = [
  { event: 'INSERT', referencing: 'REFERENCING NEW TABLE AS new_rows' },
  { event: 'UPDATE', referencing: 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows' },
  { event: 'DELETE', referencing: 'REFERENCING OLD TABLE AS old_rows' },
] as const;
// Each source names its identity in its own column (`identities` itself in its key).
const IDENTITY_COLUMN: Record<(typeof SOURCES)[number] | 'identities', string> = {
  identities: 'identity_hash',
  users: 'legacy_key',
  identity_map: 'legacy_key',
  kyc_applications: 'legacy_key',
  wallet_directory: 'identity_hash',
  transaction_log: 'identity_hash',
};
const TRIGGERED = ['identities', ...SOURCES] as const;

/** The sort indexes of the directory grid: each column with the id as tiebreak (decision 038's keyset). */
const SORT_COLUMNS = [
  'phone_masked',
  'wallet_address',
  'tier',
  'kyc_status',
  'account_status',
  'registered_at',
  'last_activity_at',
  'invested_total',
  'transactions',
];

/**
 * The users directory (decision 053).
 *
 * - `user_directory`: one row per identity with everything the grid shows, sorts and filters on (masked
 *   phone, wallet, tier, KYC and account status, registration, and the transaction log summed, in all
 *   and per calendar month for the retention cohorts), so a page is one indexed read of one table and
 *   the analytics one pass over the matching rows.
 * - It is kept by statement-level triggers on `identities` and every source table, in the same
 *   transaction as the write (import COPY, sync upsert, row write): each statement re-derives only the
 *   identities its rows name, set-based (no per-identity lookups, so a bulk load whose indexes are
 *   deferred stays one scan). Derived data, so not audited; the source rows are.
 * - The search reads the directory too: part of the wallet (trigram) and the identity hash's prefix
 *   (pattern index); a phone through the wallet directory's keyed tokens and blind index (decision 052).
 * - Account status: the identity map's `accountStatus` (decision 054) for a registered identity,
 *   `not_registered` for an orphan.
 */
export class Migration20261205225000UserDirectory extends Migration {
  override async up(): Promise<void> {
    const triggers = TRIGGERED.flatMap((table) =>
      EVENTS.map(
        ({ event, referencing }) =>
          `CREATE TRIGGER user_directory_after_${event.toLowerCase()} AFTER ${event} ON ${table} ${referencing}
             FOR EACH STATEMENT EXECUTE FUNCTION user_directory_after_write('${IDENTITY_COLUMN[table]}');`,
      ),
    ).join('\n');
    this.addSql(`

      CREATE TABLE user_directory (
        identity_hash text PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        in_registry boolean NOT NULL,
        phone_masked text,
        wallet_address text,
        tier integer,
        kyc_status text NOT NULL,
        account_status text NOT NULL,
        registered_at timestamptz,
        transactions integer NOT NULL,
        investments integer NOT NULL,
        invested_total numeric NOT NULL,
        last_activity_at timestamptz,
        -- The calendar months (UTC) with logged transactions, ascending, and how many in each.
        activity_months date[] NOT NULL,
        activity_month_transactions integer[] NOT NULL
      );
      ${SORT_COLUMNS.map((column) => `CREATE INDEX user_directory_${column}_idx ON user_directory (${column}, id);`).join('\n')}
      CREATE INDEX user_directory_wallet_trgm_idx ON user_directory USING gin (wallet_address gin_trgm_ops);
      CREATE INDEX user_directory_identity_hash_prefix_idx ON user_directory (identity_hash text_pattern_ops);

      -- Re-derives the directory rows of these identities from the sources.
      CREATE FUNCTION user_directory_refresh(identity_hashes text[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM user_directory ud WHERE ud.identity_hash = ANY (identity_hashes)
           AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.identity_hash = ud.identity_hash);
        INSERT INTO user_directory AS ud (identity_hash, id, in_registry, phone_masked, wallet_address, tier, kyc_status, account_status,
                                          registered_at, transactions, investments, invested_total, last_activity_at,
                                          activity_months, activity_month_transactions)
        SELECT i.identity_hash, i.id, i.in_registry,
               coalesce(d.phone_masked, m.masked_phone),
               coalesce(u.wallet_address, m.wallet_address, d.wallet_address),
               m.tier,
               coalesce(k.status::text, 'not_submitted'),
               CASE WHEN i.in_registry THEN ${accountStatusSql('m').text} ELSE 'not_registered' END,
               CASE WHEN i.in_registry THEN d.created_at END,
               coalesce(t.transactions, 0), coalesce(t.investments, 0), coalesce(t.invested_total, 0), t.last_activity_at,
               coalesce(am.months, '{}'), coalesce(am.transactions, '{}')
          FROM identities i
          LEFT JOIN users u ON u.legacy_key = i.identity_hash
          LEFT JOIN identity_map m ON m.legacy_key = i.identity_hash
          LEFT JOIN kyc_applications k ON k.legacy_key = i.identity_hash
          -- The latest directory entry of the identity (the legacy map kept the last).
          LEFT JOIN (SELECT DISTINCT ON (w.identity_hash) w.identity_hash, w.wallet_address, w.created_at,
                            coalesce(w.full_phone_masked, w.masked_phone) AS phone_masked
                       FROM wallet_directory w WHERE w.identity_hash = ANY (identity_hashes)
                      ORDER BY w.identity_hash, w.legacy_position DESC) d ON d.identity_hash = i.identity_hash
          LEFT JOIN (SELECT l.identity_hash, count(*) AS transactions, count(*) FILTER (WHERE l.type = 'harvest_invest') AS investments,
                            coalesce(sum(l.amount) FILTER (WHERE l.type = 'harvest_invest'), 0) AS invested_total, max(l.occurred_at) AS last_activity_at
                       FROM transaction_log l WHERE l.identity_hash = ANY (identity_hashes) GROUP BY l.identity_hash) t ON t.identity_hash = i.identity_hash
          LEFT JOIN (SELECT identity_hash, array_agg(month ORDER BY month) AS months, array_agg(n ORDER BY month) AS transactions
                       FROM (SELECT l.identity_hash, date_trunc('month', l.occurred_at AT TIME ZONE 'UTC')::date AS month, count(*)::int AS n
                               FROM transaction_log l WHERE l.identity_hash = ANY (identity_hashes) AND l.occurred_at IS NOT NULL GROUP BY 1, 2) per_month
                      GROUP BY identity_hash) am ON am.identity_hash = i.identity_hash
         WHERE i.identity_hash = ANY (identity_hashes)
        ON CONFLICT (identity_hash) DO UPDATE
           SET (id, in_registry, phone_masked, wallet_address, tier, kyc_status, account_status, registered_at,
                transactions, investments, invested_total, last_activity_at, activity_months, activity_month_transactions) =
               (EXCLUDED.id, EXCLUDED.in_registry, EXCLUDED.phone_masked, EXCLUDED.wallet_address, EXCLUDED.tier, EXCLUDED.kyc_status,
                EXCLUDED.account_status, EXCLUDED.registered_at, EXCLUDED.transactions, EXCLUDED.investments, EXCLUDED.invested_total,
                EXCLUDED.last_activity_at, EXCLUDED.activity_months, EXCLUDED.activity_month_transactions)
         WHERE (ud.id, ud.in_registry, ud.phone_masked, ud.wallet_address, ud.tier, ud.kyc_status, ud.account_status, ud.registered_at,
                ud.transactions, ud.investments, ud.invested_total, ud.last_activity_at, ud.activity_months, ud.activity_month_transactions)
               IS DISTINCT FROM
               (EXCLUDED.id, EXCLUDED.in_registry, EXCLUDED.phone_masked, EXCLUDED.wallet_address, EXCLUDED.tier, EXCLUDED.kyc_status,
                EXCLUDED.account_status, EXCLUDED.registered_at, EXCLUDED.transactions, EXCLUDED.investments, EXCLUDED.invested_total,
                EXCLUDED.last_activity_at, EXCLUDED.activity_months, EXCLUDED.activity_month_transactions);
      $$;

      -- TG_ARGV[0]: the column that names the identity in the written table.
      CREATE FUNCTION user_directory_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        named text[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows WHERE %I IS NOT NULL', TG_ARGV[0], TG_ARGV[0]) INTO named;
        ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'identities' THEN
          -- The import touches every identity's flags and last_seen_at; the directory reads only these.
          SELECT array_agg(n.identity_hash) INTO named FROM new_rows n JOIN old_rows o ON o.identity_hash = n.identity_hash
           WHERE (n.in_registry, n.id) IS DISTINCT FROM (o.in_registry, o.id);
        ELSIF TG_OP = 'UPDATE' THEN
          EXECUTE format('SELECT array_agg(DISTINCT h) FROM (SELECT %I AS h FROM old_rows UNION SELECT %I FROM new_rows) named WHERE h IS NOT NULL',
                         TG_ARGV[0], TG_ARGV[0]) INTO named;
        ELSE
          EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows WHERE %I IS NOT NULL', TG_ARGV[0], TG_ARGV[0]) INTO named;
        END IF;
        IF named IS NOT NULL THEN
          PERFORM user_directory_refresh(named);
        END IF;
        RETURN NULL;
      END
      $$;

      -- TRUNCATE has no transition table: every identity is re-derived (and rows of vanished ones dropped).
      CREATE FUNCTION user_directory_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM user_directory_refresh(ARRAY(SELECT identity_hash FROM user_directory UNION SELECT identity_hash FROM identities));
        RETURN NULL;
      END
      $$;

      -- A trigger with transition tables takes one event, hence one per event and table.
      ${triggers}
      ${TRIGGERED.map((table) => `CREATE TRIGGER user_directory_after_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION user_directory_after_truncate();`).join('\n')}

      SELECT user_directory_refresh(ARRAY(SELECT identity_hash FROM identities));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ${TRIGGERED.flatMap((table) => EVENTS.map(({ event }) => `DROP TRIGGER user_directory_after_${event.toLowerCase()} ON ${table};`)).join('\n')}
      ${TRIGGERED.map((table) => `DROP TRIGGER user_directory_after_truncate ON ${table};`).join('\n')}
      DROP FUNCTION user_directory_after_truncate();
      DROP FUNCTION user_directory_after_write();
      DROP FUNCTION user_directory_refresh(text[]);
      DROP TABLE user_directory;
    `);
  }
}
