import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wrap, type EntityName } from '@mikro-orm/core';
import { DatabaseSchema } from '@mikro-orm/knex';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { useTestOrm } from '@/lib/testing/test-orm';
import { domainEntities } from './entities';
import { AdminUser } from './admin-users/admin-user.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { Asset } from './assets/asset.entity';
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
import { ServerLogEntry } from './server-logs/server-log-entry.entity';
import { TransactionLogEntry } from './transactions/transaction-log-entry.entity';
import { User } from './users/user.entity';
import { WalletDirectoryEntry } from './wallets/wallet-directory-entry.entity';

// The domain tables, and the app's own tables that hold what matters most: who may act, what was done, what was exported, and the KYC review.
const diffedEntities = [AdminUser, AuditEntry, ExportJob, ExportSchedule, ...domainEntities, ...kycReviewEntities];

describe('domain entities and the migrated schema', () => {
  it('MikroORM’s schema diff of the domain entities, admin_users, audit_trail, the export tables and the KYC review tables against the migrated tables has nothing to change', async () => {
    const orm = await MikroORM.init({ ...createOrmConfig({ asOwner: true }), entities: diffedEntities });
    try {
      const tables = Object.values(orm.getMetadata().getAll()).map((meta) => meta.tableName);
      expect(tables).toHaveLength(diffedEntities.length);
      expect(tables).toEqual(expect.arrayContaining(['admin_users', 'audit_trail']));
      // Only the tables these entities map: the migration's bookkeeping tables have no entities.
      const fromSchema = await DatabaseSchema.create(orm.em.getConnection(), orm.em.getPlatform(), orm.config, undefined, undefined, tables);
      expect(
        fromSchema
          .getTables()
          .map((table) => table.name)
          .sort(),
      ).toEqual([...tables].sort());
      const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, dropTables: false, fromSchema });
      expect(sql.trim()).toBe('');
    } finally {
      await orm.close(true);
    }
  });
});

type RoundTrip<T extends object> = {
  entity: EntityName<T>;
  table: string;
  change: (row: T) => void;
  expectChanged: (row: T) => void;
  /** Written only by triggers and SECURITY DEFINER functions: the app role's flush of the change is refused, and nothing changes. */
  refusedForApp?: true;
};

const roundTrip = <T extends object>(spec: RoundTrip<T>) => spec as unknown as RoundTrip<object>;

const WEI_ABOVE_2_64 = '123456789012345678901234567890';

const roundTrips: RoundTrip<object>[] = [
  roundTrip({
    entity: Asset,
    table: 'assets',
    change: (row) => Object.assign(row, { tokenPrice: '0.1000000000000000055511151231257827', status: 'paused', highlights: ['مرحبا'] }),
    expectChanged: (row) => expect([row.tokenPrice, row.status, row.highlights]).toEqual(['0.1000000000000000055511151231257827', 'paused', ['مرحبا']]),
  }),
  roundTrip({
    entity: Identity,
    table: 'identities',
    change: (row) => Object.assign(row, { lastSeenAt: new Date('2026-01-02T03:04:05.678Z') }),
    expectChanged: (row) => expect(row.lastSeenAt.toISOString()).toBe('2026-01-02T03:04:05.678Z'),
  }),
  roundTrip({
    entity: User,
    table: 'users',
    change: (row) => Object.assign(row, { walletAddress: '0xround-trip' }),
    expectChanged: (row) => expect([row.walletAddress, row.identityHash]).toEqual(['0xround-trip', row.legacyKey]),
  }),
  roundTrip({
    entity: KycApplication,
    table: 'kyc_applications',
    change: (row) => Object.assign(row, { status: 'rejected', rejectionReason: 'round trip' }),
    expectChanged: (row) => expect([row.status, row.rejectionReason]).toEqual(['rejected', 'round trip']),
  }),
  roundTrip({
    entity: KycDocument,
    table: 'kyc_documents',
    change: (row) => Object.assign(row, { originalFilename: 'round-trip.png' }),
    expectChanged: (row) => expect([row.originalFilename, typeof row.application?.id]).toEqual(['round-trip.png', 'string']),
  }),
  roundTrip({
    entity: WalletDirectoryEntry,
    table: 'wallet_directory',
    change: (row) => Object.assign(row, { balanceEgp: '12345678901234567890.123456789' }),
    expectChanged: (row) => expect(row.balanceEgp).toBe('12345678901234567890.123456789'),
  }),
  roundTrip({
    entity: TransactionLogEntry,
    table: 'transaction_log',
    change: (row) => Object.assign(row, { amount: '0.30000000000000004', metadata: { roundTrip: true } }),
    expectChanged: (row) => expect([row.amount, row.metadata]).toEqual(['0.30000000000000004', { roundTrip: true }]),
  }),
  roundTrip({
    entity: ChainBlock,
    table: 'chain_blocks',
    change: (row) => Object.assign(row, { gasLimit: Number.MAX_SAFE_INTEGER }),
    expectChanged: (row) => expect(row.gasLimit).toBe(Number.MAX_SAFE_INTEGER),
  }),
  roundTrip({
    entity: ChainBlockNumber,
    table: 'chain_block_numbers',
    change: (row) => Object.assign(row, { inHistory: !row.inHistory }),
    expectChanged: (row) => expect(typeof row.blockNumber).toBe('number'),
    refusedForApp: true,
  }),
  roundTrip({
    entity: ChainTransaction,
    table: 'chain_transactions',
    change: (row) => Object.assign(row, { valueWei: WEI_ABOVE_2_64 }),
    expectChanged: (row) => expect(row.valueWei).toBe(WEI_ABOVE_2_64),
  }),
  roundTrip({
    entity: PoolTier,
    table: 'pool_tiers',
    change: (row) => Object.assign(row, { minTier: 4 }),
    expectChanged: (row) => expect([row.minTier, row.poolId]).toEqual([4, row.legacyKey]),
  }),
  roundTrip({
    entity: Consent,
    table: 'consents',
    change: (row) => Object.assign(row, { consentRecords: [{ type: 'round-trip' }] }),
    expectChanged: (row) => expect(row.consentRecords).toEqual([{ type: 'round-trip' }]),
  }),
  roundTrip({
    entity: ServerLogEntry,
    table: 'server_logs',
    change: (row) => Object.assign(row, { type: 'round-trip' }),
    expectChanged: (row) => expect(row.type).toBe('round-trip'),
  }),
  roundTrip({
    entity: LegacyAdminLogEntry,
    table: 'legacy_admin_logs',
    change: (row) => Object.assign(row, { data: { id: 'round-trip' } }),
    expectChanged: (row) => expect(row.data).toEqual({ id: 'round-trip' }),
  }),
  roundTrip({
    entity: IdentityMapEntry,
    table: 'identity_map',
    change: (row) => Object.assign(row, { tier: 5 }),
    expectChanged: (row) => expect([row.tier, row.identityHash]).toEqual([5, row.legacyKey]),
  }),
  roundTrip({
    entity: LiveStats,
    table: 'live_stats',
    change: (row) => Object.assign(row, { poolTvl: '98765432109876543210.5' }),
    expectChanged: (row) => expect(row.poolTvl).toBe('98765432109876543210.5'),
  }),
];

describe('domain entities on an imported legacy-gen medium folder', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await useTestOrm();
    const root = mkdtempSync(path.join(os.tmpdir(), 'pend-entities-'));
    const { dir } = generateLegacyFolder(root, 'medium', 1);
    const context = { source: 'cli' as const, actorLabel: 'vitest' };
    await runImport(orm.em.fork(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });
  }, 180_000);

  it('covers every domain entity', () => {
    expect(roundTrips.map((spec) => spec.entity)).toEqual(expect.arrayContaining(domainEntities));
    expect(roundTrips).toHaveLength(domainEntities.length);
  });

  it.each(roundTrips.map((spec) => [spec.table, spec] as const))(
    'loads every %s row through the EntityManager and round-trips a change',
    async (_table, spec) => {
      const em: EntityManager = orm.em.fork();
      const [{ count }] = await em.execute<Array<{ count: string }>>(`SELECT count(*) FROM ${spec.table}`);
      expect(Number(count)).toBeGreaterThan(0);
      const rows = await em.find(spec.entity, {});
      expect(rows).toHaveLength(Number(count));

      const target = rows[rows.length >> 1];
      const before = { ...wrap(target, true).toPOJO() };
      spec.change(target);
      if (spec.refusedForApp) await expect(em.flush()).rejects.toThrow(/permission denied/);
      else await em.flush();

      const reread = await orm.em.fork().findOneOrFail(spec.entity, wrap(target, true).getPrimaryKey() as never, { populate: ['*'] as never });
      spec.expectChanged(reread);
      if (spec.refusedForApp) expect(wrap(reread, true).toPOJO()).toEqual(before);
    },
  );
});
