import {
  distributionGridSchema,
  findDistributionGridPage,
  findTransactionTypeGridPage,
  findTrendGridPage,
  transactionTypeGridSchema,
  trendGridSchema,
} from '@/lib/analytics/analytics-export';
import { findAssetPage } from '@/lib/assets/asset.repository';
import { listAssetQuerySchema } from '@/lib/assets/asset.schemas';
import { toAuditEntryDto } from '@/lib/audit/audit.dto';
import { findAuditPage } from '@/lib/audit/audit.repository';
import { listAuditQuerySchema } from '@/lib/audit/audit.schemas';
import { findChainBlockPage } from '@/lib/chain/chain.repository';
import { listChainBlockQuerySchema } from '@/lib/chain/chain.schemas';
import { hasPermission } from '@/lib/auth/permissions';
import { findExplorerTransactionPage } from '@/lib/explorer/explorer-transactions.repository';
import { listExplorerTransactionQuerySchema } from '@/lib/explorer/explorer.schemas';
import { getSlaHours } from '@/lib/kyc/kyc-rules';
import { toKycQueueRowDto } from '@/lib/kyc/kyc.dto';
import { findKycQueuePage } from '@/lib/kyc/kyc.repository';
import { listKycQuerySchema } from '@/lib/kyc/kyc.schemas';
import { DASHBOARD_LIMITS } from '@/lib/migration-dashboard/load-migration-dashboard';
import { toAnomalyDto, toMigrationRunDto, toMismatchDto } from '@/lib/migration-dashboard/migration-dashboard.dto';
import { findRunPage } from '@/lib/migration-dashboard/migration-dashboard.repository';
import { findAnomalyPage, findMismatchPage } from '@/lib/migration-dashboard/migration-findings.repository';
import { listAnomaliesQuerySchema, listMigrationRunsQuerySchema, listMismatchesQuerySchema } from '@/lib/migration-dashboard/migration-dashboard.schemas';
import { ANOMALY_GRID_SCOPE, MISMATCH_GRID_SCOPE, RUN_GRID_SCOPE } from '@/lib/migration-dashboard/migration-grids';
import { findTransactionPage } from '@/lib/transactions/transaction.repository';
import { listTransactionQuerySchema } from '@/lib/transactions/transaction.schemas';
import { decryptStoredPhones, decryptWalletPhones } from '@/lib/users/phone-reveal';
import { findUserPage } from '@/lib/users/user.repository';
import { listUserQuerySchema } from '@/lib/users/user.schemas';
import { findWalletPage } from '@/lib/wallets/wallet.repository';
import { listWalletQuerySchema } from '@/lib/wallets/wallet.schemas';
import { defineExportGrid, type ExportGrid } from './export-grid';
import { EXPORT_GRID_IDS, type ExportGridId } from './export.schemas';

const date = (iso: string | null) => (iso === null ? null : new Date(iso));
const IDENTITY_HASH = /^0x[0-9a-f]{64}$/i;
const mayIdentify = (role: Parameters<typeof hasPermission>[0]) => hasPermission(role, 'explorer:identities');
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Every exportable grid (decision 049). Each entry runs the grid's own list query (the schema its page
 * parses and the repository function its page calls), so an export holds exactly the rows the grid
 * shows for the same URL. Columns are the list query's columns, labelled as the grid labels them.
 */
export const EXPORT_GRIDS: Record<ExportGridId, ExportGrid> = {
  audit: defineExportGrid({
    title: 'Audit trail',
    permission: 'audit:read',
    page: { path: '/audit' },
    schema: listAuditQuerySchema,
    findPage: async (em, query) => {
      const page = await findAuditPage(em, query);
      return { rows: page.rows.map(toAuditEntryDto), nextCursor: page.nextCursor, total: page.total };
    },
    columns: {
      seq: { label: '#', type: 'integer', value: (entry) => entry.seq },
      changedAt: { label: 'When (UTC)', type: 'datetime', value: (entry) => date(entry.changedAt) },
      actor: { label: 'Actor', type: 'text', value: (entry) => entry.actor ?? 'system' },
      action: { label: 'Action', type: 'text', value: (entry) => entry.action },
      table: { label: 'Table · record', type: 'text', value: (entry) => `${entry.tableName} · ${entry.recordId}` },
      changes: { label: 'Before → after', type: 'json', value: (entry) => (entry.changes.length ? json(entry.changes) : null) },
      origin: { label: 'Source · IP', type: 'text', value: (entry) => [entry.source, entry.ipAddress].filter(Boolean).join(' · ') },
    },
  }),
  'migration-runs': defineExportGrid({
    title: 'Migration runs',
    permission: 'migration:read',
    page: { path: '/migration', scope: RUN_GRID_SCOPE },
    schema: listMigrationRunsQuerySchema,
    findPage: async (em, query) => {
      const page = await findRunPage(em, query);
      return { rows: page.rows.map(toMigrationRunDto), nextCursor: page.nextCursor, total: page.total };
    },
    columns: {
      startedAt: { label: 'Started', type: 'datetime', value: (run) => date(run.startedAt) },
      kind: { label: 'Kind', type: 'text', value: (run) => (run.only ? `${run.kind} (${run.only.join(', ')})` : run.kind) },
      state: { label: 'State', type: 'text', value: (run) => run.state },
      startedBy: { label: 'Started by', type: 'text', value: (run) => run.startedBy },
      duration: { label: 'Duration (s)', type: 'decimal', value: (run) => (run.durationMs === null ? null : (run.durationMs / 1000).toFixed(3)) },
      id: { label: 'Run', type: 'text', value: (run) => run.id },
      error: { label: 'Error', type: 'text', value: (run) => run.error },
    },
  }),
  'migration-mismatches': defineExportGrid({
    title: 'Migration mismatches',
    permission: 'migration:read',
    page: { path: '/migration', scope: MISMATCH_GRID_SCOPE },
    schema: listMismatchesQuerySchema,
    findPage: async (em, query) => {
      const page = await findMismatchPage(em, query, DASHBOARD_LIMITS.mismatchValueChars);
      return { rows: page.rows.map(toMismatchDto), nextCursor: page.nextCursor, total: page.total };
    },
    columns: {
      source: { label: 'Source', type: 'text', value: (row) => row.source },
      key: { label: 'Key', type: 'text', value: (row) => row.key },
      field: { label: 'Field', type: 'text', value: (row) => row.field },
      legacyValue: { label: 'Legacy value', type: 'text', value: (row) => row.legacyValue },
      dbValue: { label: 'Database value', type: 'text', value: (row) => row.dbValue },
      diff: { label: 'Field diff', type: 'text', value: (row) => `- legacy: ${row.legacyValue ?? '∅'}\n+ database: ${row.dbValue ?? '∅'}` },
      run: { label: 'Found by run', type: 'text', value: (row) => `${row.runKind} ${row.runId} (${row.runStartedBy}, ${row.runStartedAt})` },
    },
  }),
  'migration-anomalies': defineExportGrid({
    title: 'Migration anomalies',
    permission: 'migration:read',
    page: { path: '/migration', scope: ANOMALY_GRID_SCOPE },
    schema: listAnomaliesQuerySchema,
    findPage: async (em, query) => {
      const page = await findAnomalyPage(em, query);
      return { rows: page.rows.map(toAnomalyDto), nextCursor: page.nextCursor, total: page.total };
    },
    columns: {
      source: { label: 'Source', type: 'text', value: (row) => row.source },
      kind: { label: 'Kind', type: 'text', value: (row) => row.kind },
      key: { label: 'Key', type: 'text', value: (row) => row.key },
      run: { label: 'Import run', type: 'text', value: (row) => `${row.runId} (${row.runStartedAt})` },
    },
  }),
  assets: defineExportGrid({
    title: 'Assets',
    permission: 'assets:read',
    page: { path: '/assets' },
    schema: listAssetQuerySchema,
    findPage: findAssetPage,
    columns: {
      title: { label: 'Title', type: 'text', value: (asset) => asset.title },
      type: { label: 'Type', type: 'text', value: (asset) => asset.type },
      status: { label: 'Status', type: 'text', value: (asset) => asset.status },
      category: { label: 'Category', type: 'text', value: (asset) => asset.category },
      created: { label: 'Created', type: 'datetime', value: (asset) => date(asset.createdAt) },
      totalInvested: { label: 'Total invested', type: 'decimal', value: (asset) => asset.totalInvested },
      investors: { label: 'Investors', type: 'integer', value: (asset) => asset.investorCount },
      roi: { label: 'Expected ROI (%)', type: 'decimal', value: (asset) => asset.expectedRoi },
      minimumInvestment: { label: 'Minimum investment', type: 'decimal', value: (asset) => asset.minimumInvestment },
      deadline: { label: 'Deadline', type: 'datetime', value: (asset) => date(asset.deadline) },
      minTier: { label: 'Minimum tier', type: 'integer', value: (asset) => asset.minTierRequired },
      contractAddress: { label: 'Contract', type: 'text', value: (asset) => asset.contractAddress },
      tokenSymbol: { label: 'Token', type: 'text', value: (asset) => asset.tokenSymbol },
      location: { label: 'Location', type: 'text', value: (asset) => asset.location },
    },
  }),
  blocks: defineExportGrid({
    title: 'Blocks',
    permission: 'explorer:read',
    page: { path: '/explorer/blocks' },
    schema: listChainBlockQuerySchema,
    findPage: findChainBlockPage,
    columns: {
      number: { label: 'Block', type: 'integer', value: (block) => (block.blockNumber === null ? null : Number(block.blockNumber)) },
      hash: { label: 'Hash', type: 'text', value: (block) => block.blockHash },
      mined: { label: 'Mined (UTC)', type: 'datetime', value: (block) => date(block.minedAt) },
      transactions: { label: 'Transactions', type: 'integer', value: (block) => block.transactionCount },
      gasUsed: { label: 'Gas used', type: 'decimal', value: (block) => block.gasUsed },
      miner: { label: 'Miner', type: 'text', value: (block) => block.miner },
    },
  }),
  transactions: defineExportGrid({
    title: 'Transaction log',
    permission: 'explorer:read',
    page: { path: '/explorer' },
    schema: listTransactionQuerySchema,
    findPage: findTransactionPage,
    columns: {
      occurred: { label: 'When (UTC)', type: 'datetime', value: (row) => date(row.occurredAt) },
      type: { label: 'Type', type: 'text', value: (row) => row.type },
      identity: { label: 'Identity', type: 'text', value: (row) => row.identityHash },
      wallet: { label: 'Wallet', type: 'text', value: (row) => row.walletAddress },
      amount: { label: 'Amount', type: 'decimal', value: (row) => row.amount },
      txHash: { label: 'Transaction hash', type: 'text', value: (row) => row.txHash },
      block: { label: 'Block', type: 'integer', value: (row) => (row.blockNumber === null ? null : Number(row.blockNumber)) },
      phone: { label: 'Phone (masked)', type: 'text', value: (row) => row.phoneMasked, personal: true },
    },
  }),
  users: defineExportGrid({
    title: 'Users',
    permission: 'users:read',
    page: { path: '/users' },
    schema: listUserQuerySchema,
    findPage: findUserPage,
    columns: {
      phone: { label: 'Phone (masked)', type: 'text', value: (user) => user.phoneMasked, personal: true },
      wallet: { label: 'Wallet', type: 'text', value: (user) => user.walletAddress },
      tier: { label: 'Tier', type: 'integer', value: (user) => user.tier },
      kyc: { label: 'KYC status', type: 'text', value: (user) => user.kycStatus },
      status: { label: 'Account status', type: 'text', value: (user) => user.accountStatus },
      registered: { label: 'Registered (UTC)', type: 'datetime', value: (user) => date(user.registeredAt) },
      lastActivity: { label: 'Last activity (UTC)', type: 'datetime', value: (user) => date(user.lastActivityAt) },
      invested: { label: 'Invested total', type: 'decimal', value: (user) => user.investedTotal },
      transactions: { label: 'Transactions', type: 'integer', value: (user) => user.transactions },
    },
    unmaskablePhone: { column: 'phone', label: 'Phone (full)', rowKey: (user) => user.id, decrypt: decryptStoredPhones },
  }),
  // The analytics charts' data (decision 070): each chart exports its range, granularity and the columns it draws.
  'analytics-trend': defineExportGrid({
    title: 'Analytics trend',
    permission: 'analytics:read',
    page: { path: '/analytics' },
    schema: trendGridSchema,
    findPage: findTrendGridPage,
    columns: {
      bucket: { label: 'Period start (UTC)', type: 'text', value: (point) => point.bucket },
      blocks: { label: 'Blocks', type: 'integer', value: (point) => point.blocks },
      chainTransactions: { label: 'Chain transactions', type: 'integer', value: (point) => point.chainTransactions },
      chainValueWei: { label: 'Chain value (wei)', type: 'decimal', value: (point) => point.chainValueWei },
      logTransactions: { label: 'Logged transactions', type: 'integer', value: (point) => point.logTransactions },
      volume: { label: 'Logged volume', type: 'decimal', value: (point) => point.volume },
      activeWallets: { label: 'Active wallets', type: 'integer', value: (point) => point.activeWallets },
      newWallets: { label: 'New wallets', type: 'integer', value: (point) => point.newWallets },
      newUsers: { label: 'New users', type: 'integer', value: (point) => point.newUsers },
      totalUsers: { label: 'Users (running total)', type: 'integer', value: (point) => point.totalUsers },
      investments: { label: 'Investments', type: 'integer', value: (point) => point.investments },
      investedAmount: { label: 'Invested amount', type: 'decimal', value: (point) => point.investedAmount },
      kycUpdated: { label: 'KYC applications updated', type: 'integer', value: (point) => point.kycUpdated },
      kycVerified: { label: 'KYC verified', type: 'integer', value: (point) => point.kycVerified },
      kycRejected: { label: 'KYC rejected', type: 'integer', value: (point) => point.kycRejected },
      newAssets: { label: 'New assets', type: 'integer', value: (point) => point.newAssets },
      aumAdded: { label: 'AUM added', type: 'decimal', value: (point) => point.aumAdded },
      aum: { label: 'AUM (running total)', type: 'decimal', value: (point) => point.aum },
    },
  }),
  'analytics-transaction-types': defineExportGrid({
    title: 'Analytics transactions by type',
    permission: 'analytics:read',
    page: { path: '/analytics' },
    schema: transactionTypeGridSchema,
    findPage: findTransactionTypeGridPage,
    columns: {
      bucket: { label: 'Period start (UTC)', type: 'text', value: (row) => row.bucket },
      source: { label: 'Source', type: 'text', value: (row) => row.source },
      type: { label: 'Type', type: 'text', value: (row) => row.type },
      transactions: { label: 'Transactions', type: 'integer', value: (row) => row.transactions },
      volume: { label: 'Volume (wei for chain, amount for log)', type: 'decimal', value: (row) => row.volume },
    },
  }),
  'analytics-distributions': defineExportGrid({
    title: 'Analytics distributions',
    permission: 'analytics:read',
    page: { path: '/analytics' },
    schema: distributionGridSchema,
    findPage: findDistributionGridPage,
    columns: {
      dimension: { label: 'Dimension', type: 'text', value: (row) => row.dimension },
      key: { label: 'Value', type: 'text', value: (row) => row.key },
      count: { label: 'Count', type: 'integer', value: (row) => row.count },
    },
  }),
  kyc: defineExportGrid({
    title: 'KYC applications',
    permission: 'kyc:read',
    page: { path: '/kyc' },
    schema: listKycQuerySchema,
    // The queue's "mine" tab and its SLA columns depend on who looks and on the configured SLA: the same as the page.
    findPage: async (em, query, { actorId }) => {
      const hours = await getSlaHours(em);
      const page = await findKycQueuePage(em, query, actorId, hours);
      return { rows: page.rows.map((row) => toKycQueueRowDto(row, hours)), nextCursor: page.nextCursor, total: page.total };
    },
    columns: {
      application: {
        label: 'Applicant',
        type: 'text',
        value: (row) => (row.phoneMasked ? `${row.identityHash} · ${row.phoneMasked}` : row.identityHash),
        personal: true,
      },
      status: { label: 'Status', type: 'text', value: (row) => row.status },
      submitted: { label: 'Submitted (UTC)', type: 'datetime', value: (row) => date(row.submittedAt) },
      age: {
        label: 'Age · SLA',
        type: 'text',
        value: (row) => (row.sla ? `${row.sla.ageHours.toFixed(1)} h of ${row.sla.hours} h${row.sla.breached ? ' (breached)' : ''}` : null),
      },
      documents: {
        label: 'Documents for tier',
        type: 'text',
        value: (row) => [`tier ${row.requestedTier}`, ...row.received, ...row.missing.map((missing) => `missing ${missing.toLowerCase()}`)].join('; '),
      },
      assignee: { label: 'Assignee', type: 'text', value: (row) => row.assigneeName },
      priority: { label: 'Priority', type: 'integer', value: (row) => row.priority },
    },
  }),
  wallets: defineExportGrid({
    title: 'Wallets',
    permission: 'explorer:read',
    page: { path: '/explorer/wallets' },
    schema: listWalletQuerySchema,
    // Finding a wallet by identity hash links a person to an address: refused without the identity permission, as the page refuses it.
    refuse: (query, { role }) =>
      !mayIdentify(role) && query.q !== undefined && IDENTITY_HASH.test(query.q)
        ? 'Your role does not give access to identities: search by wallet address instead.'
        : null,
    findPage: async (em, query, { role }) => {
      const page = await findWalletPage(em, query);
      return { rows: mayIdentify(role) ? page.rows : page.rows.map((row) => ({ ...row, identityHash: null })), nextCursor: page.nextCursor, total: page.total };
    },
    columns: {
      wallet: { label: 'Wallet', type: 'text', value: (row) => row.walletAddress },
      identity: { label: 'Identity', type: 'text', value: (row) => row.identityHash, permission: 'explorer:identities' },
      phone: { label: 'Phone (masked)', type: 'text', value: (row) => row.phoneMasked, personal: true },
      created: { label: 'Created (UTC)', type: 'datetime', value: (row) => date(row.createdAt) },
      balanceEgp: { label: 'EGP balance', type: 'decimal', value: (row) => row.balanceEgp },
      balanceHvt: { label: 'HVT balance', type: 'decimal', value: (row) => row.balanceHvt },
    },
    // The wallet's own registration record: the number its masked phone stands for, whether or not the role sees identities.
    unmaskablePhone: { column: 'phone', label: 'Phone (full)', rowKey: (row) => row.id, decrypt: decryptWalletPhones },
  }),
  'explorer-transactions': defineExportGrid({
    title: 'Chain transactions',
    permission: 'explorer:read',
    page: { path: '/explorer/transactions' },
    schema: listExplorerTransactionQuerySchema,
    refuse: (query, { role }) =>
      !mayIdentify(role) && query.filters.identity !== undefined ? 'Your role does not give access to identities: remove the identity filter.' : null,
    findPage: (em, query, { role }) => findExplorerTransactionPage(em, query, { showIdentity: mayIdentify(role) }),
    columns: {
      time: { label: 'When (UTC)', type: 'datetime', value: (row) => date(row.time) },
      source: { label: 'Source', type: 'text', value: (row) => row.source },
      type: { label: 'Type', type: 'text', value: (row) => row.type },
      hash: { label: 'Tx hash', type: 'text', value: (row) => row.hash },
      block: { label: 'Block', type: 'integer', value: (row) => (row.blockNumber === null ? null : Number(row.blockNumber)) },
      from: { label: 'From', type: 'text', value: (row) => row.fromAddress },
      to: { label: 'To / wallet', type: 'text', value: (row) => row.toAddress },
      amount: { label: 'Amount', type: 'decimal', value: (row) => row.amount },
      identity: { label: 'Identity', type: 'text', value: (row) => row.identityHash, permission: 'explorer:identities' },
    },
  }),
};

export function exportGridOrNull(id: string): ExportGrid | null {
  return (EXPORT_GRID_IDS as readonly string[]).includes(id) ? EXPORT_GRIDS[id as ExportGridId] : null;
}
