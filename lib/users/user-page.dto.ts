import type { AuditFieldChange } from '@/lib/audit/audit.dto';
import type { ExplorerTransactionRowDto } from '@/lib/explorer/explorer.dto';
import type { ListTotal } from '@/lib/list-query/total';
import type { AccountStatus } from './account-status';

/** Which legacy sources name the identity now (the `identities` flags). */
export type IdentitySources = {
  registry: boolean;
  identityMap: boolean;
  walletDirectory: boolean;
  kyc: boolean;
  transactions: boolean;
  consents: boolean;
};

/** One legacy record behind the user, as imported: which file and position, its source hash, when. */
export type ProvenanceDto = {
  file: string;
  rowId: string;
  position: number;
  sourceHash: string;
  importedAt: string;
  updatedAt: string;
};

/**
 * The page's header and identity section. `identityHash` is null unless the viewer's role may see it;
 * the phone is only ever the mask (the full number comes through the audited reveal alone).
 */
export type UserIdentityDto = {
  id: string;
  identityHash: string | null;
  registered: boolean;
  sources: IdentitySources;
  walletAddress: string | null;
  phoneMasked: string | null;
  hasStoredPhone: boolean;
  tier: number | null;
  accountStatus: AccountStatus;
  /** Whether an identity-map record exists to hold a status (suspend/reactivate write there). */
  canHoldStatus: boolean;
  kyc: { status: string; statusLegacy: string | null; lastUpdatedAt: string | null; reviewedAt: string | null } | null;
  firstSeenAt: string;
  lastSeenAt: string;
  provenance: ProvenanceDto[];
};

export type UserWalletDto = {
  id: string;
  address: string;
  balanceEgp: string | null;
  balanceHvt: string | null;
  createdAt: string | null;
  lastUpdatedAt: string | null;
};

export type UserTransactionsDto = {
  rows: ExplorerTransactionRowDto[];
  nextCursor: string | null;
  prevCursor: string | null;
  total: ListTotal;
};

/** Value the user's wallets sent to one asset's contract (chain transactions). */
export type AssetInvestmentDto = { assetId: string; title: string | null; transactions: number; valueWei: string; lastAt: string | null };

/** The user's pool operations from the transaction log, by pool. */
export type PoolInvestmentDto = { poolId: string | null; invested: string; investments: number; redeemed: string; redemptions: number; lastAt: string | null };

export type ConsentDto = { source: 'consents-db' | 'transaction-log'; type: string | null; version: string | null; tier: number | null; at: string | null };

export type ServerLogDto = { id: string; at: string | null; type: string | null; summary: string };

/** One audit entry about the user, its fields filtered for display (no phone parts, no provenance noise). */
export type UserAuditEntryDto = {
  id: string;
  seq: number;
  at: string;
  actor: string | null;
  source: string;
  action: string;
  table: string;
  reason: string | null;
  changes: AuditFieldChange[];
};

export type TierChangeDto = { at: string; actor: string | null; from: unknown; to: unknown; action: string; reason: string | null };

export type DataAccessDto = { id: string; at: string; who: string; kind: 'page_view' | 'phone_reveal' | 'data_package'; reason: string | null };
