import { maskPhone } from '@/lib/crypto';

/**
 * One identity in the users directory. The phone is masked only (decision 052's short mask); the
 * identity hash (personal data) does not leave the server. `id` is the identity's opaque id, for links.
 */
export type UserListRowDto = {
  id: string;
  phoneMasked: string | null;
  walletAddress: string | null;
  tier: number | null;
  kycStatus: string;
  accountStatus: string;
  registeredAt: string | null;
  lastActivityAt: string | null;
  /** Sum of the identity's `harvest_invest` amounts, an exact decimal string. */
  investedTotal: string;
  transactions: number;
};

export type UserListRow = {
  id: string;
  phone_masked: string | null;
  wallet_address: string | null;
  tier: number | null;
  kyc_status: string;
  account_status: string;
  registered_at: Date | string | null;
  last_activity_at: Date | string | null;
  invested_total: string;
  transactions: number;
};

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toUserListRowDto(row: UserListRow): UserListRowDto {
  return {
    id: row.id,
    phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
    walletAddress: row.wallet_address,
    tier: row.tier,
    kycStatus: row.kyc_status,
    accountStatus: row.account_status,
    registeredAt: iso(row.registered_at),
    lastActivityAt: iso(row.last_activity_at),
    investedTotal: row.invested_total,
    transactions: row.transactions,
  };
}
