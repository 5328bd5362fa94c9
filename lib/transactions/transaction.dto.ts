import { maskPhone } from '@/lib/crypto';
/** One transaction-log row for the grid: the masked phone only, amounts as exact decimal strings. */
export type TransactionListRowDto = {
  id: string;
  occurredAt: string | null;
  type: string | null;
  identityHash: string | null;
  walletAddress: string | null;
  amount: string | null;
  txHash: string | null;
  blockNumber: string | null;
  phoneMasked: string | null;
};

export type TransactionListRow = {
  id: string;
  occurred_at: string | Date | null;
  type: string | null;
  identity_hash: string | null;
  wallet_address: string | null;
  amount: string | null;
  tx_hash: string | null;
  block_number: string | null;
  phone_masked: string | null;
};

export function toTransactionListRowDto(row: TransactionListRow): TransactionListRowDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at === null ? null : new Date(row.occurred_at).toISOString(),
    type: row.type,
    identityHash: row.identity_hash,
    walletAddress: row.wallet_address,
    amount: row.amount,
    txHash: row.tx_hash,
    blockNumber: row.block_number,
    phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
  };
}
