import type pg from 'pg';
import type { RegistryOrphans } from '@/lib/legacy/anomalies';
import { blockNumberOrphans } from './record-block-numbers';

/** The `identities` flag that says an identity is named by a source (one source table each). */
export type IdentitySeenIn = 'in_registry' | 'in_identity_map' | 'in_wallet_directory' | 'in_kyc' | 'in_transactions' | 'in_consents';

/** The tables whose rows make a source name an identity, per flag. */
const TABLES_SEEN_IN: Record<IdentitySeenIn, readonly string[]> = {
  in_registry: ['users'],
  in_identity_map: ['identity_map'],
  in_wallet_directory: ['wallet_directory'],
  // A document of a quarantined application still names its identity (decision 034).
  in_kyc: ['kyc_applications', 'kyc_documents'],
  in_transactions: ['transaction_log'],
  in_consents: ['consents'],
};

/**
 * Brings one flag of `identities` up to date with the identity hashes its tables hold now, inside the
 * transaction that wrote them: two set statements, whatever the number of rows. Identities the tables
 * name are added or flagged; identities they no longer name lose the flag but stay (they may be named
 * elsewhere, and a hash once known stays known). `last_seen_at` moves only when a flag changes, so
 * re-importing the same data changes nothing. The written table's foreign key to `identities` must be
 * deferred by the caller when the rows went in first.
 */
export async function recordIdentities(client: pg.Client, seenIn: IdentitySeenIn): Promise<void> {
  const tables = TABLES_SEEN_IN[seenIn];
  await client.query(
    `INSERT INTO identities (identity_hash, ${seenIn})
     SELECT DISTINCT identity_hash, true FROM (${tables.map((table) => `SELECT identity_hash FROM ${table}`).join(' UNION ')}) named
      WHERE identity_hash IS NOT NULL
     ON CONFLICT (identity_hash) DO UPDATE SET ${seenIn} = true, last_seen_at = now() WHERE NOT identities.${seenIn}`,
  );
  await client.query(
    `UPDATE identities i SET ${seenIn} = false, last_seen_at = now()
      WHERE i.${seenIn} AND ${tables.map((table) => `NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.identity_hash = i.identity_hash)`).join(' AND ')}`,
  );
}

/**
 * The orphan kinds of the anomaly report, read from `identities` after an import: rows whose identity is
 * not in the registry (wallet-db.json), in file order, keyed as the report keys them. A transaction-log
 * row without an identity hash counts as an orphan too, as in legacy-gen's `--expect` file. Chain
 * transactions whose block the history lacks come from `chain_block_numbers` (decision 081).
 */
export async function registryOrphans(client: pg.Client): Promise<RegistryOrphans> {
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
    'persistent-transactions': { blockNotInHistory: await blockNumberOrphans(client) },
  };
}
