import type pg from 'pg';

/** The `identities` flag that says an identity is named by a source (one source table each). */
export type IdentitySeenIn = 'in_registry' | 'in_identity_map' | 'in_wallet_directory' | 'in_kyc' | 'in_transactions' | 'in_consents';

/**
 * Brings `identities` up to date with the identity hashes `table` holds now, inside the transaction
 * that wrote the table: two set statements, whatever the number of rows. Identities the table names are
 * added or flagged; identities it no longer names lose the flag but stay (they may be named elsewhere,
 * and a hash once known stays known). `last_seen_at` moves only when a flag changes, so re-importing the
 * same data changes nothing. The table's foreign key to `identities` must be deferred by the caller
 * when the rows were written first.
 */
export async function recordIdentities(client: pg.Client, table: string, seenIn: IdentitySeenIn): Promise<void> {
  await client.query(
    `INSERT INTO identities (identity_hash, ${seenIn})
     SELECT DISTINCT identity_hash, true FROM ${table} WHERE identity_hash IS NOT NULL
     ON CONFLICT (identity_hash) DO UPDATE SET ${seenIn} = true, last_seen_at = now() WHERE NOT identities.${seenIn}`,
  );
  await client.query(
    `UPDATE identities i SET ${seenIn} = false, last_seen_at = now()
      WHERE i.${seenIn} AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.identity_hash = i.identity_hash)`,
  );
}

/**
 * The orphan kinds of the anomaly report, read from `identities` after an import: rows whose identity is
 * not in the registry (wallet-db.json), in file order, keyed as the report keys them. A transaction-log
 * row without an identity hash counts as an orphan too, as in legacy-gen's `--expect` file.
 */
export async function identityOrphans(client: pg.Client): Promise<{
  'kyc-metadata': { orphanKey: string[] };
  'wallets-directory': { notInWalletDb: string[] };
  'transactions-log': { identityNotInWalletDb: string[] };
}> {
  const keys = async (table: string) => {
    const { rows } = await client.query<{ legacy_key: string }>(
      `SELECT t.legacy_key FROM ${table} t LEFT JOIN identities i ON i.identity_hash = t.identity_hash
        WHERE i.in_registry IS NOT TRUE ORDER BY t.legacy_position`,
    );
    return rows.map((row) => row.legacy_key);
  };
  return {
    'kyc-metadata': { orphanKey: await keys('kyc_applications') },
    'wallets-directory': { notInWalletDb: await keys('wallet_directory') },
    'transactions-log': { identityNotInWalletDb: await keys('transaction_log') },
  };
}
