import { defineEntity, type InferEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

/**
 * A block number the chain history or a chain transaction names (decision 081): what
 * `chain_transactions.block_number` references. `inHistory` false is a placeholder: transactions name
 * the block, the history does not hold it (the anomaly report's `blockNotInHistory`). Kept by triggers;
 * the app only reads it.
 */
export const ChainBlockNumber = defineEntity({
  name: 'ChainBlockNumber',
  tableName: 'chain_block_numbers',
  properties: {
    blockNumber: p.bigint('number').primary().autoincrement(false),
    inHistory: p.boolean().default(false),
    inTransactions: p.boolean().default(false),
    firstSeenAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    lastSeenAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export type ChainBlockNumberEntity = InferEntity<typeof ChainBlockNumber>;

/**
 * The `block_number` column of a chain transaction: a foreign key to `chain_block_numbers`, read and
 * written as the number itself. Deferrable (checked at once unless a transaction defers it, as the import does).
 */
export function blockNumberReference() {
  return p
    .manyToOne(ChainBlockNumber)
    .fieldName('block_number')
    .mapToPk()
    .foreignKeyName('chain_transactions_block_number_fkey')
    .deferMode('immediate')
    .updateRule('no action')
    .deleteRule('no action');
}
