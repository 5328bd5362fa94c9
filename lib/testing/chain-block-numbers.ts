/**
 * Block numbers whose `chain_block_numbers` flags disagree with the tables they summarise, and numbers
 * either table names that the registry lacks (none, when the triggers and the import keep it; decision 081).
 * Archived months are not looked at: their numbers keep the flags they had.
 */
export const BLOCK_NUMBER_FLAGS_OUT_OF_DATE = `
  SELECT n.block_number::text FROM chain_block_numbers n
   WHERE n.in_history <> EXISTS (SELECT 1 FROM chain_blocks b WHERE b.block_number = n.block_number)
      OR n.in_transactions <> EXISTS (SELECT 1 FROM chain_transactions t WHERE t.block_number = n.block_number)
  UNION ALL
  SELECT block_number::text FROM (SELECT block_number FROM chain_blocks UNION SELECT block_number FROM chain_transactions) named
   WHERE block_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chain_block_numbers n WHERE n.block_number = named.block_number)`;
