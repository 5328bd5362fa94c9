import type { EntityManager } from '@mikro-orm/postgresql';

export const GENERATED_ASSET_PREFIX = 'generated_';

/**
 * Tops the assets table up to `target` rows for benchmarks and plan tests: copies of the imported
 * opportunities (cycled in file order) with varied amounts, counts, dates and tiers, in one
 * `INSERT … SELECT generate_series` (about a second per 100,000 rows). Their `legacy_key` starts with
 * `generated_`, so they are easy to tell apart; never run it against a real database. Run as the
 * migration owner: the insert takes the bulk-load path (`pend.bulk_load`), so it writes no row audit.
 */
export async function insertGeneratedAssets(em: EntityManager, target: number): Promise<number> {
  const [{ n: existing }] = await em.execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM assets');
  const missing = target - existing;
  if (missing <= 0) return 0;
  await em.transactional(async (tx) => {
    await tx.execute(`SET LOCAL pend.bulk_load = on`);
    await tx.execute(
      `WITH source AS (
       SELECT row_number() OVER (ORDER BY legacy_position) - 1 AS i, * FROM assets WHERE legacy_key NOT LIKE '${GENERATED_ASSET_PREFIX}%'
     ), base AS (SELECT count(*) AS c FROM source)
     INSERT INTO assets (legacy_key, legacy_position, legacy_hash, extra, opportunity_id, opportunity_id_is_number, contract_address,
       type, title, description, category, status, status_legacy, created_at, token_symbol, token_price, max_supply, expected_roi,
       lockup_period_days, minimum_investment, soft_cap, deadline, total_invested, investor_count, interested_count, location,
       min_tier_required, sector)
     SELECT '${GENERATED_ASSET_PREFIX}' || g.n, 1000000 + g.n, md5(g.n::text) || md5(g.n::text), '{}', '${GENERATED_ASSET_PREFIX}' || g.n, false,
       s.contract_address, s.type, s.title || ' ' || (g.n % 997), s.description, s.category, s.status, s.status_legacy,
       s.created_at - g.n * interval '7 minutes', s.token_symbol, s.token_price, s.max_supply, s.expected_roi + (g.n % 50) / 10.0,
       s.lockup_period_days, s.minimum_investment, s.soft_cap, s.deadline + (g.n % 365) * interval '1 day',
       s.total_invested * (1 + (g.n % 97) / 100.0), s.investor_count + (g.n % 13), s.interested_count, s.location,
       (g.n % 6), s.sector
       FROM generate_series(?::int + 1, ?::int) AS g(n)
       CROSS JOIN base
       JOIN source s ON s.i = g.n % base.c`,
      [existing, target],
    );
  });
  await em.execute('ANALYZE assets');
  return missing;
}
