import { AdminUser } from './admin-users/admin-user.entity';
import { Asset } from './assets/asset.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { ChainBlock } from './chain/chain-block.entity';
import { ChainBlockNumber } from './chain/chain-block-number.entity';
import { ChainTransaction } from './chain/chain-transaction.entity';
import { Consent } from './consents/consent.entity';
import { ExportJob } from './exports/export-job.entity';
import { ExportSchedule } from './exports/export-schedule.entity';
import { Identity } from './identities/identity.entity';
import { IdentityMapEntry } from './identities/identity-map-entry.entity';
import { KycApplication } from './kyc/kyc-application.entity';
import { KycDocument } from './kyc/kyc-document.entity';
import { kycReviewEntities } from './kyc/kyc-review.entities';
import { LegacyAdminLogEntry } from './legacy-admin-logs/legacy-admin-log-entry.entity';
import { LiveStats } from './live-stats/live-stats.entity';
import { PoolTier } from './pool-tiers/pool-tier.entity';
import { SavedView } from './saved-views/saved-view.entity';
import { ServerLogEntry } from './server-logs/server-log-entry.entity';
import { AppSetting } from './settings/app-setting.entity';
import { TransactionLogEntry } from './transactions/transaction-log-entry.entity';
import { User } from './users/user.entity';
import { WalletDirectoryEntry } from './wallets/wallet-directory-entry.entity';

/** The tables the migration engine fills from the legacy files (and the app works on). */
export const domainEntities = [
  Asset,
  ChainBlock,
  ChainBlockNumber,
  ChainTransaction,
  Consent,
  Identity,
  IdentityMapEntry,
  KycApplication,
  KycDocument,
  LegacyAdminLogEntry,
  LiveStats,
  PoolTier,
  ServerLogEntry,
  TransactionLogEntry,
  User,
  WalletDirectoryEntry,
];

/** Every entity, listed explicitly: bundlers break folder discovery (MikroORM "Usage with Next.js"). */
export const entities = [AdminUser, AuditEntry, AppSetting, SavedView, ExportJob, ExportSchedule, ...domainEntities, ...kycReviewEntities];
