import { bigint, integer, text, timestamp } from '../codecs';
import type { SourceMapping } from '../source-mapping';

/** explorer-data/full-chain-history.json → chain_blocks, one row per block. */
export const fullChainHistoryMapping: SourceMapping = {
  source: 'full-chain-history',
  table: 'chain_blocks',
  fields: [
    { field: 'number', column: 'block_number', codec: bigint, required: true },
    { field: 'hash', column: 'block_hash', codec: text, required: true },
    { field: 'parentHash', column: 'parent_hash', codec: text },
    { field: 'timestamp', column: 'mined_at', codec: timestamp },
    { field: 'transactionCount', column: 'transaction_count', codec: integer },
    { field: 'gasUsed', column: 'gas_used', codec: bigint },
    { field: 'gasLimit', column: 'gas_limit', codec: bigint },
    { field: 'baseFeePerGas', column: 'base_fee_per_gas', codec: bigint },
    { field: 'size', column: 'size_bytes', codec: integer },
    { field: 'miner', column: 'miner', codec: text },
    { field: 'extraData', column: 'extra_data', codec: text },
  ],
};
