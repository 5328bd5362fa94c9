import { maskPhone } from '@/lib/crypto';
/** One directory wallet for the grid: the masked phone only, balances as exact decimal strings. */
export type WalletListRowDto = {
  id: string;
  walletAddress: string;
  identityHash: string | null;
  phoneMasked: string | null;
  createdAt: string | null;
  balanceEgp: string | null;
  balanceHvt: string | null;
};

export type WalletListRow = {
  id: string;
  wallet_address: string;
  identity_hash: string | null;
  phone_masked: string | null;
  created_at: string | Date | null;
  balance_egp: string | null;
  balance_hvt: string | null;
};

export function toWalletListRowDto(row: WalletListRow): WalletListRowDto {
  return {
    id: row.id,
    walletAddress: row.wallet_address,
    identityHash: row.identity_hash,
    phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
    createdAt: row.created_at === null ? null : new Date(row.created_at).toISOString(),
    balanceEgp: row.balance_egp,
    balanceHvt: row.balance_hvt,
  };
}
