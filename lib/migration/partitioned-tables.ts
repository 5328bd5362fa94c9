/**
 * Legacy tables partitioned by month (decision 071). Their `legacy_key` is unique through a keys table,
 * not through a unique index of their own, so `ON CONFLICT (legacy_key)` cannot name an arbiter there:
 * writers update the existing row, then insert the missing ones.
 */
export const PARTITIONED_TABLES: ReadonlySet<string> = new Set(['chain_blocks', 'chain_transactions']);

export const isPartitioned = (table: string): boolean => PARTITIONED_TABLES.has(table);

/** How many months ahead of the current one get their partition before any row needs it. */
export const PARTITION_MONTHS_AHEAD = 3;
