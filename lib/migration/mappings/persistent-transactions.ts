import { bigint, decimalString, integer, text, timestamp } from '../codecs';
import type { SourceMapping } from '../source-mapping';

/**
 * explorer-data/persistent-transactions.json → chain_transactions, one row per transaction (key: the
 * hash, which is required: a chain transaction without one has no identity). `value` and `gasPrice`
 * are wei as decimal text, often above 2^64: stored as plain numeric (every digit kept; the codec's
 * type cannot say numeric(78,0)). `to` is null for contract creations (kept in `extra`).
 */
export const persistentTransactionsMapping: SourceMapping = {
  source: 'persistent-transactions',
  table: 'chain_transactions',
  namesBlockNumbers: true,
  fields: [
    { field: 'hash', column: 'tx_hash', codec: text, required: true },
    { field: 'blockNumber', column: 'block_number', codec: bigint },
    { field: 'blockHash', column: 'block_hash', codec: text },
    { field: 'transactionIndex', column: 'transaction_index', codec: integer },
    { field: 'from', column: 'from_address', codec: text },
    { field: 'to', column: 'to_address', codec: text },
    { field: 'value', column: 'value_wei', codec: decimalString },
    { field: 'gasUsed', column: 'gas_used', codec: bigint },
    { field: 'gasPrice', column: 'gas_price_wei', codec: decimalString },
    { field: 'type', column: 'tx_type', codec: text },
    { field: 'status', column: 'status', codec: text },
    { field: 'timestamp', column: 'mined_at', codec: timestamp },
  ],
};
