import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';
import { blockNumberReference } from './chain-block-number.entity';

const p = defineEntity.properties;

/** One transaction the chain persisted (persistent-transactions.json). Wei amounts are numeric strings: they exceed 2^64. */
export const ChainTransaction = defineEntity({
  name: 'ChainTransaction',
  tableName: 'chain_transactions',
  properties: {
    ...legacyRecordProperties('chain_transactions', 'persistent-transactions', { partitioned: true }),
    txHash: p.text(),
    blockNumber: blockNumberReference().nullable(),
    blockHash: p.text().nullable(),
    transactionIndex: p.integer().nullable(),
    fromAddress: p.text().nullable(),
    toAddress: p.text().nullable(),
    valueWei: p.decimal('string').nullable(),
    gasUsed: p.bigint('number').nullable(),
    gasPriceWei: p.decimal('string').nullable(),
    txType: p.text().nullable(),
    status: p.text().nullable(),
    minedAt: p.datetime().nullable(),
  },
  indexes: [
    { name: 'chain_transactions_tx_hash_idx', properties: ['txHash'] },
    { name: 'chain_transactions_block_idx', properties: ['blockNumber', 'transactionIndex'] },
    // An address's transactions in time order (decision 078).
    {
      name: 'chain_transactions_from_time_idx',
      expression: 'CREATE INDEX chain_transactions_from_time_idx ON chain_transactions (lower(from_address), mined_at, id)',
    },
    {
      name: 'chain_transactions_to_time_idx',
      expression: 'CREATE INDEX chain_transactions_to_time_idx ON chain_transactions (lower(to_address), mined_at, id)',
    },
    { name: 'chain_transactions_mined_at_idx', expression: 'CREATE INDEX chain_transactions_mined_at_idx ON chain_transactions (mined_at DESC)' },
    // List-query indexes (migration ListQueryIndexes, decision 039).
    { name: 'chain_transactions_block_id_idx', expression: 'CREATE INDEX chain_transactions_block_id_idx ON chain_transactions (block_number, id)' },
    // Explorer indexes (migration ExplorerIndexes, decision 051).
    { name: 'chain_transactions_mined_id_idx', expression: 'CREATE INDEX chain_transactions_mined_id_idx ON chain_transactions (mined_at, id)' },
    { name: 'chain_transactions_tx_type_idx', properties: ['txType'] },
    // Monthly partitions by mined_at (decision 071): a BRIN per partition for time ranges.
    {
      name: 'chain_transactions_mined_at_brin',
      expression: 'CREATE INDEX chain_transactions_mined_at_brin ON chain_transactions USING brin (mined_at)',
    },
  ],
});

export type ChainTransactionEntity = InferEntity<typeof ChainTransaction>;
