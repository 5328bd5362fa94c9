import type { EntityManager } from '@mikro-orm/postgresql';

export const GENERATED_CHAIN_TX_PREFIX = 'generated_';

/**
 * Tops `chain_transactions` up to `target` rows for benchmarks: transfers spread over the stored
 * blocks (each takes its block's number, hash and time), between the directory's wallets, with
 * varied values and a fresh hash each. One `INSERT … SELECT generate_series`; `legacy_key` starts
 * with `generated_`. Never run it against a real database. Run as the migration owner: the insert
 * takes the bulk-load path (`pend.bulk_load`), so it writes no row audit.
 */
export async function insertGeneratedChainTransactions(em: EntityManager, target: number): Promise<number> {
  const [{ n: existing }] = await em.execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM chain_transactions');
  const missing = target - existing;
  if (missing <= 0) return 0;
  await em.transactional(async (tx) => {
    await tx.execute(`SET LOCAL pend.bulk_load = on`);
    await tx.execute(
      `WITH blocks AS (
         SELECT row_number() OVER (ORDER BY block_number) - 1 AS i, block_number, block_hash, mined_at FROM chain_blocks WHERE block_number IS NOT NULL
       ), wallets AS (
         SELECT row_number() OVER (ORDER BY legacy_position) - 1 AS i, wallet_address FROM wallet_directory
       ), sizes AS (SELECT (SELECT count(*) FROM blocks) AS blocks, (SELECT count(*) FROM wallets) AS wallets)
       INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_number, block_hash, transaction_index,
         from_address, to_address, value_wei, gas_used, gas_price_wei, tx_type, status, mined_at)
       SELECT '${GENERATED_CHAIN_TX_PREFIX}' || g.n, 10000000 + g.n, md5(g.n::text) || md5(g.n::text),
         '0x' || md5('tx' || g.n) || md5('hash' || g.n), b.block_number, b.block_hash, 1000 + g.n / sizes.blocks,
         f.wallet_address, t.wallet_address, (g.n % 977 + 1)::numeric * 1000000000000000, 21000 + g.n % 50000, 2500000000,
         (ARRAY['transfer', 'transfer', 'transfer', 'contract_call'])[1 + g.n % 4], 'confirmed', b.mined_at
         FROM generate_series(?::int + 1, ?::int) AS g(n)
         CROSS JOIN sizes
         JOIN blocks b ON b.i = g.n % sizes.blocks
         JOIN wallets f ON f.i = (g.n * 7) % sizes.wallets
         JOIN wallets t ON t.i = (g.n * 13 + 1) % sizes.wallets`,
      [existing, target],
    );
  });
  await em.execute('ANALYZE chain_transactions');
  return missing;
}
