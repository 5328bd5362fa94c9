/**
 * Legacy tables partitioned by month (decisions 071, 077). Their `legacy_key` is unique through a keys table,
 * not through a unique index of their own, so `ON CONFLICT (legacy_key)` cannot name an arbiter there:
 * writers update the existing row, then insert the missing ones.
 */
export const PARTITIONED_TABLES: ReadonlySet<string> = new Set(['chain_blocks', 'chain_transactions', 'transaction_log']);

export const isPartitioned = (table: string): boolean => PARTITIONED_TABLES.has(table);

/** The time column each partitioned table is partitioned by (RANGE, one partition per UTC month). */
export const PARTITION_TIME_COLUMNS: Readonly<Record<string, string>> = {
  chain_blocks: 'mined_at',
  chain_transactions: 'mined_at',
  transaction_log: 'occurred_at',
};

/** How many months ahead of the current one get their partition before any row needs it. */
export const PARTITION_MONTHS_AHEAD = 3;
