const isoTime = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

/** One block for the explorer grid; 64-bit numbers as decimal strings. */
export type ChainBlockListRowDto = {
  id: string;
  blockNumber: string | null;
  blockHash: string | null;
  minedAt: string | null;
  transactionCount: number | null;
  gasUsed: string | null;
  miner: string | null;
};

export type ChainBlockListRow = {
  id: string;
  block_number: string | null;
  block_hash: string | null;
  mined_at: string | Date | null;
  transaction_count: number | null;
  gas_used: string | null;
  miner: string | null;
};

export function toChainBlockListRowDto(row: ChainBlockListRow): ChainBlockListRowDto {
  return {
    id: row.id,
    blockNumber: row.block_number,
    blockHash: row.block_hash,
    minedAt: isoTime(row.mined_at),
    transactionCount: row.transaction_count,
    gasUsed: row.gas_used,
    miner: row.miner,
  };
}

/** One chain transaction; wei amounts as exact decimal strings. */
export type ChainTransactionListRowDto = {
  id: string;
  txHash: string;
  blockNumber: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  valueWei: string | null;
  status: string | null;
  minedAt: string | null;
};

export type ChainTransactionListRow = {
  id: string;
  tx_hash: string;
  block_number: string | null;
  from_address: string | null;
  to_address: string | null;
  value_wei: string | null;
  status: string | null;
  mined_at: string | Date | null;
};

export function toChainTransactionListRowDto(row: ChainTransactionListRow): ChainTransactionListRowDto {
  return {
    id: row.id,
    txHash: row.tx_hash,
    blockNumber: row.block_number,
    fromAddress: row.from_address,
    toAddress: row.to_address,
    valueWei: row.value_wei,
    status: row.status,
    minedAt: isoTime(row.mined_at),
  };
}
