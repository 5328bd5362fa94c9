import { maskPhone } from '@/lib/crypto';
/** One registered user for the grid: the masked phone only, never a number that could be rebuilt. */
export type UserListRowDto = {
  id: string;
  identityHash: string;
  walletAddress: string | null;
  phoneMasked: string | null;
  tier: number | null;
  kycStatus: string;
};

export type UserListRow = {
  id: string;
  identity_hash: string;
  wallet_address: string | null;
  phone_masked: string | null;
  tier: number | null;
  kyc_status: string;
};

export function toUserListRowDto(row: UserListRow): UserListRowDto {
  return {
    id: row.id,
    identityHash: row.identity_hash,
    walletAddress: row.wallet_address,
    phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
    tier: row.tier,
    kycStatus: row.kyc_status,
  };
}
