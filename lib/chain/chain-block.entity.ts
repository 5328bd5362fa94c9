import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/** One block of the private chain (full-chain-history.json). */
export const ChainBlock = defineEntity({
  name: 'ChainBlock',
  tableName: 'chain_blocks',
  properties: {
    ...legacyRecordProperties('chain_blocks', 'full-chain-history', { partitioned: true }),
    blockNumber: p.bigint('number').nullable(),
    blockHash: p.text().nullable(),
    parentHash: p.text().nullable(),
    minedAt: p.datetime().nullable(),
    transactionCount: p.integer().nullable(),
    gasUsed: p.bigint('number').nullable(),
    gasLimit: p.bigint('number').nullable(),
    baseFeePerGas: p.bigint('number').nullable(),
    sizeBytes: p.integer().nullable(),
    miner: p.text().nullable(),
    extraData: p.text().nullable(),
  },
  indexes: [
    { name: 'chain_blocks_number_idx', properties: ['blockNumber'] },
    { name: 'chain_blocks_mined_at_idx', expression: 'CREATE INDEX chain_blocks_mined_at_idx ON chain_blocks (mined_at DESC)' },
    // List-query indexes (migration ListQueryIndexes, decision 039).
    { name: 'chain_blocks_number_id_idx', expression: 'CREATE INDEX chain_blocks_number_id_idx ON chain_blocks (block_number, id)' },
    // Explorer indexes (migration ExplorerIndexes, decision 051).
    { name: 'chain_blocks_block_hash_idx', properties: ['blockHash'] },
    // Monthly partitions by mined_at (decision 071): a BRIN per partition for time ranges.
    { name: 'chain_blocks_mined_at_brin', expression: 'CREATE INDEX chain_blocks_mined_at_brin ON chain_blocks USING brin (mined_at)' },
  ],
});

export type ChainBlockEntity = InferEntity<typeof ChainBlock>;
