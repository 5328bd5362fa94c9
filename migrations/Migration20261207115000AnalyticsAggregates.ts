import { Migration } from '@mikro-orm/migrations';

const GRANULARITIES = [
  { unit: 'day', suffix: 'daily' },
  { unit: 'week', suffix: 'weekly' },
  { unit: 'month', suffix: 'monthly' },
] as const;

/** The UTC calendar bucket (a date: the day, the Monday of the week, the first of the month) of a timestamp column. */
const bucket = (unit: string, column: string) => `date_trunc('${unit}', ${column} AT TIME ZONE 'UTC')::date`;

/**
 * One row per bucket that has anything: network figures (blocks, chain transactions and their wei, logged
 * transactions and their amounts, distinct active wallets over both, new directory wallets) and the
 * business series the analytics screen draws (registrations, investments, KYC decisions, assets and the
 * AUM they added). Active wallets are distinct per bucket, so each granularity is its own view (weeks
 * cannot be summed from days).
 */
function periodView(unit: string, suffix: string): string {
  return `
    CREATE MATERIALIZED VIEW analytics_${suffix} AS
    WITH blocks AS (
      SELECT ${bucket(unit, 'mined_at')} AS bucket, count(*) AS blocks FROM chain_blocks WHERE mined_at IS NOT NULL GROUP BY 1),
    chain_tx AS (
      SELECT ${bucket(unit, 'mined_at')} AS bucket, count(*) AS chain_transactions, coalesce(sum(value_wei), 0) AS chain_value_wei
        FROM chain_transactions WHERE mined_at IS NOT NULL GROUP BY 1),
    log_tx AS (
      SELECT ${bucket(unit, 'occurred_at')} AS bucket, count(*) AS log_transactions, coalesce(sum(amount), 0) AS volume,
             count(*) FILTER (WHERE type = 'harvest_invest') AS investments,
             coalesce(sum(amount) FILTER (WHERE type = 'harvest_invest'), 0) AS invested_amount
        FROM transaction_log WHERE occurred_at IS NOT NULL GROUP BY 1),
    active AS (
      SELECT bucket, count(DISTINCT address) AS active_wallets FROM (
        SELECT ${bucket(unit, 'mined_at')} AS bucket, lower(from_address) AS address FROM chain_transactions WHERE mined_at IS NOT NULL AND from_address IS NOT NULL
        UNION ALL
        SELECT ${bucket(unit, 'mined_at')}, lower(to_address) FROM chain_transactions WHERE mined_at IS NOT NULL AND to_address IS NOT NULL
        UNION ALL
        SELECT ${bucket(unit, 'occurred_at')}, lower(wallet_address) FROM transaction_log WHERE occurred_at IS NOT NULL AND wallet_address IS NOT NULL
      ) addresses GROUP BY bucket),
    new_wallets AS (
      SELECT ${bucket(unit, 'created_at')} AS bucket, count(*) AS new_wallets FROM wallet_directory WHERE created_at IS NOT NULL GROUP BY 1),
    new_users AS (
      SELECT ${bucket(unit, 'registered_at')} AS bucket, count(*) AS new_users FROM user_directory WHERE in_registry AND registered_at IS NOT NULL GROUP BY 1),
    kyc AS (
      SELECT ${bucket(unit, 'last_updated_at')} AS bucket, count(*) AS kyc_updated,
             count(*) FILTER (WHERE status = 'verified') AS kyc_verified, count(*) FILTER (WHERE status = 'rejected') AS kyc_rejected
        FROM kyc_applications WHERE last_updated_at IS NOT NULL GROUP BY 1),
    new_assets AS (
      SELECT ${bucket(unit, 'created_at')} AS bucket, count(*) AS new_assets, coalesce(sum(total_invested), 0) AS aum_added
        FROM assets WHERE created_at IS NOT NULL GROUP BY 1),
    buckets AS (
      SELECT bucket FROM blocks UNION SELECT bucket FROM chain_tx UNION SELECT bucket FROM log_tx UNION SELECT bucket FROM new_wallets
      UNION SELECT bucket FROM new_users UNION SELECT bucket FROM kyc UNION SELECT bucket FROM new_assets)
    SELECT b.bucket,
           coalesce(blocks.blocks, 0)::bigint AS blocks,
           coalesce(chain_tx.chain_transactions, 0)::bigint AS chain_transactions,
           coalesce(chain_tx.chain_value_wei, 0)::numeric AS chain_value_wei,
           coalesce(log_tx.log_transactions, 0)::bigint AS log_transactions,
           coalesce(log_tx.volume, 0)::numeric AS volume,
           coalesce(active.active_wallets, 0)::bigint AS active_wallets,
           coalesce(new_wallets.new_wallets, 0)::bigint AS new_wallets,
           coalesce(new_users.new_users, 0)::bigint AS new_users,
           coalesce(log_tx.investments, 0)::bigint AS investments,
           coalesce(log_tx.invested_amount, 0)::numeric AS invested_amount,
           coalesce(kyc.kyc_updated, 0)::bigint AS kyc_updated,
           coalesce(kyc.kyc_verified, 0)::bigint AS kyc_verified,
           coalesce(kyc.kyc_rejected, 0)::bigint AS kyc_rejected,
           coalesce(new_assets.new_assets, 0)::bigint AS new_assets,
           coalesce(new_assets.aum_added, 0)::numeric AS aum_added
      FROM buckets b
      LEFT JOIN blocks USING (bucket) LEFT JOIN chain_tx USING (bucket) LEFT JOIN log_tx USING (bucket) LEFT JOIN active USING (bucket)
      LEFT JOIN new_wallets USING (bucket) LEFT JOIN new_users USING (bucket) LEFT JOIN kyc USING (bucket) LEFT JOIN new_assets USING (bucket);
    CREATE UNIQUE INDEX analytics_${suffix}_bucket_idx ON analytics_${suffix} (bucket);

    -- Transactions by type: chain transactions (volume in wei) and logged transactions (volume in the token amount).
    -- An absent type is '' so the unique index (which REFRESH CONCURRENTLY needs) covers every row.
    CREATE MATERIALIZED VIEW analytics_tx_types_${suffix} AS
    SELECT ${bucket(unit, 'mined_at')} AS bucket, 'chain'::text AS source, coalesce(tx_type, '') AS tx_type,
           count(*)::bigint AS transactions, coalesce(sum(value_wei), 0)::numeric AS volume
      FROM chain_transactions WHERE mined_at IS NOT NULL GROUP BY 1, 2, 3
    UNION ALL
    SELECT ${bucket(unit, 'occurred_at')}, 'log', coalesce(type, ''), count(*)::bigint, coalesce(sum(amount), 0)::numeric
      FROM transaction_log WHERE occurred_at IS NOT NULL GROUP BY 1, 2, 3;
    CREATE UNIQUE INDEX analytics_tx_types_${suffix}_key_idx ON analytics_tx_types_${suffix} (bucket, source, tx_type);`;
}

const VIEW_NAMES = [
  ...GRANULARITIES.flatMap(({ suffix }) => [`analytics_${suffix}`, `analytics_tx_types_${suffix}`]),
  'analytics_distributions',
  'real_time_stats',
];

/**
 * Materialized aggregates for the analytics screen, the legacy analytics routes and the explorer's trends
 * (decision 070). Each has a unique index, so `REFRESH MATERIALIZED VIEW CONCURRENTLY` rebuilds it while
 * readers keep reading the previous contents. The app login owns nothing and may not refresh a view, so
 * `analytics_refresh(name)` (SECURITY DEFINER, owned by the schema owner) refreshes one listed view and
 * records when in `analytics_refreshes`, which only that function writes. The base tables are all
 * created by earlier migrations (the import fills them), so the views exist, empty, from the start.
 */
export class Migration20261207115000AnalyticsAggregates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ${GRANULARITIES.map(({ unit, suffix }) => periodView(unit, suffix)).join('\n')}

      -- Snapshot distributions: identities per tier (null tier as 'none') and KYC applications per status.
      CREATE MATERIALIZED VIEW analytics_distributions AS
      SELECT 'tier'::text AS dimension, coalesce(tier::text, 'none') AS key, count(*)::bigint AS count FROM user_directory GROUP BY 1, 2
      UNION ALL
      SELECT 'kyc_status', status, count(*)::bigint FROM kyc_applications GROUP BY 1, 2;
      CREATE UNIQUE INDEX analytics_distributions_key_idx ON analytics_distributions (dimension, key);

      -- requirements.md §8.2: one row. Users are the registry; AUM and active assets come from the assets.
      CREATE MATERIALIZED VIEW real_time_stats AS
      SELECT 1 AS id,
             (SELECT count(*) FROM users)::bigint AS total_users,
             (SELECT count(*) FROM user_directory WHERE in_registry AND registered_at > now() - interval '24 hours')::bigint AS new_users_today,
             (SELECT coalesce(sum(total_invested), 0) FROM assets)::numeric AS total_aum,
             (SELECT count(*) FROM assets WHERE status = 'active')::bigint AS active_assets,
             now() AS computed_at;
      CREATE UNIQUE INDEX real_time_stats_id_idx ON real_time_stats (id);

      CREATE TABLE analytics_refreshes (
        view_name text PRIMARY KEY,
        refreshed_at timestamptz NOT NULL,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0)
      );
      INSERT INTO analytics_refreshes (view_name, refreshed_at, duration_ms)
      SELECT name, now(), 0 FROM unnest(ARRAY[${VIEW_NAMES.map((name) => `'${name}'`).join(', ')}]) AS name;

      -- The data's time is the refresh's start (the snapshot it read); only listed views may be named.
      CREATE FUNCTION analytics_refresh(target text) RETURNS timestamptz
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        started timestamptz := clock_timestamp();
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM analytics_refreshes WHERE view_name = target)
           OR NOT EXISTS (SELECT 1 FROM pg_matviews WHERE schemaname = 'public' AND matviewname = target) THEN
          RAISE EXCEPTION 'not an analytics view: %', target USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', target);
        UPDATE analytics_refreshes
           SET refreshed_at = started, duration_ms = greatest(0, (extract(epoch FROM clock_timestamp() - started) * 1000)::integer)
         WHERE view_name = target;
        RETURN started;
      END
      $$;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      DROP FUNCTION analytics_refresh(text);
      DROP TABLE analytics_refreshes;
      ${[...VIEW_NAMES]
        .reverse()
        .map((name) => `DROP MATERIALIZED VIEW ${name};`)
        .join('\n')}
    `);
  }
}
