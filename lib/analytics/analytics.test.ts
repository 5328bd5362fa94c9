import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { AppError } from '@/lib/errors';
import { startExport } from '@/lib/exports/start-export';
import { configuredAppDatabaseUrl } from '@/lib/database-roles';
import { randomEmail } from '@/lib/testing/test-orm';
import { env } from '@/lib/env';
import { recurringJobs } from '@/lib/jobs/recurring-jobs';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { useTestOrm } from '@/lib/testing/test-orm';
import { ANALYTICS_VIEWS, findDistributions, findRealTimeStats, findRefreshTimes, findTrend } from './analytics.repository';
import { GRANULARITIES, trendQuerySchema, type Granularity } from './analytics.schemas';
import { getTrend, refreshAggregates, refreshAggregatesNow } from './analytics.service';

let owner: MikroORM;
let app: MikroORM;
const ownerEm = (): EntityManager => owner.em.fork();
const appEm = (): EntityManager => app.em.fork();
const clients: pg.Client[] = [];

beforeAll(async () => {
  owner = await useTestOrm('owner');
  app = await useTestOrm('app');
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-analytics-'));
  const { dir } = generateLegacyFolder(root, 'small', 18);
  await runImport(owner.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc-storage'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.end().catch(() => undefined);
});

/** A raw connection as the app login (what the job runner and Next use). */
async function appClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: configuredAppDatabaseUrl(env()) });
  await client.connect();
  clients.push(client);
  return client;
}

async function ownerClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  clients.push(client);
  return client;
}

/** The whole span of the base tables' times, so a trend over it covers every row. */
async function fullSpan(): Promise<{ from: string; to: string }> {
  const [row] = await ownerEm().execute<Array<{ from: string; to: string }>>(`
    SELECT to_char(min(t), 'YYYY-MM-DD') AS "from", to_char(max(t), 'YYYY-MM-DD') AS "to" FROM (
      SELECT (mined_at AT TIME ZONE 'UTC')::date AS t FROM chain_blocks UNION ALL SELECT (mined_at AT TIME ZONE 'UTC')::date FROM chain_transactions
      UNION ALL SELECT (occurred_at AT TIME ZONE 'UTC')::date FROM transaction_log UNION ALL SELECT (created_at AT TIME ZONE 'UTC')::date FROM wallet_directory
      UNION ALL SELECT (registered_at AT TIME ZONE 'UTC')::date FROM user_directory UNION ALL SELECT (last_updated_at AT TIME ZONE 'UTC')::date FROM kyc_applications
      UNION ALL SELECT (created_at AT TIME ZONE 'UTC')::date FROM assets) times`);
  return row;
}

/** A figure per bucket straight from a base table, as `bucket → value` (buckets without rows absent). */
async function direct(granularity: Granularity, table: string, time: string, value: string, where = 'true'): Promise<Record<string, string>> {
  const rows = await ownerEm().execute<Array<{ bucket: string; value: string }>>(
    `SELECT to_char(date_trunc('${granularity}', ${time} AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS bucket, (${value})::text AS value
       FROM ${table} WHERE ${time} IS NOT NULL AND ${where} GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.bucket, row.value]));
}

const nonZero = (points: Array<Record<string, unknown>>, key: string) =>
  Object.fromEntries(points.filter((point) => Number(point[key]) !== 0).map((point) => [point.bucket as string, String(point[key])]));

describe('aggregates', () => {
  it('refreshed as the app login, every daily, weekly and monthly figure equals a direct query over the base tables', async () => {
    await refreshAggregates(appEm());
    const span = await fullSpan();
    const [blocks] = await ownerEm().execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM chain_blocks WHERE mined_at IS NOT NULL`);
    expect(blocks.n, 'the imported folder has mined blocks to aggregate').toBeGreaterThan(0);

    for (const granularity of GRANULARITIES) {
      const points = await findTrend(appEm(), { ...span, granularity });
      expect(nonZero(points, 'blocks'), `${granularity} blocks`).toEqual(await direct(granularity, 'chain_blocks', 'mined_at', 'count(*)'));
      expect(nonZero(points, 'chainTransactions'), `${granularity} chain transactions`).toEqual(
        await direct(granularity, 'chain_transactions', 'mined_at', 'count(*)'),
      );
      expect(nonZero(points, 'logTransactions'), `${granularity} logged transactions`).toEqual(
        await direct(granularity, 'transaction_log', 'occurred_at', 'count(*)'),
      );
      expect(nonZero(points, 'volume'), `${granularity} volume`).toEqual(
        await direct(granularity, 'transaction_log', 'occurred_at', 'coalesce(sum(amount), 0)', 'amount IS NOT NULL AND amount <> 0'),
      );
      expect(nonZero(points, 'newWallets'), `${granularity} new wallets`).toEqual(await direct(granularity, 'wallet_directory', 'created_at', 'count(*)'));
      expect(nonZero(points, 'newUsers'), `${granularity} registrations`).toEqual(
        await direct(granularity, 'user_directory', 'registered_at', 'count(*)', 'in_registry'),
      );
      expect(nonZero(points, 'investments'), `${granularity} investments`).toEqual(
        await direct(granularity, 'transaction_log', 'occurred_at', 'count(*)', `type = 'harvest_invest'`),
      );
      expect(nonZero(points, 'kycUpdated'), `${granularity} KYC`).toEqual(await direct(granularity, 'kyc_applications', 'last_updated_at', 'count(*)'));
      expect(nonZero(points, 'newAssets'), `${granularity} assets`).toEqual(await direct(granularity, 'assets', 'created_at', 'count(*)'));
      // Active wallets: distinct addresses over both transaction sources, per bucket.
      const active = await ownerEm().execute<Array<{ bucket: string; value: string }>>(`
        SELECT to_char(date_trunc('${granularity}', t AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS bucket, count(DISTINCT a)::text AS value FROM (
          SELECT mined_at AS t, lower(from_address) AS a FROM chain_transactions UNION ALL SELECT mined_at, lower(to_address) FROM chain_transactions
          UNION ALL SELECT occurred_at, lower(wallet_address) FROM transaction_log) x WHERE t IS NOT NULL AND a IS NOT NULL GROUP BY 1`);
      expect(nonZero(points, 'activeWallets'), `${granularity} active wallets`).toEqual(Object.fromEntries(active.map((row) => [row.bucket, row.value])));
      const [totals] = await ownerEm().execute<Array<{ users: number; aum: string }>>(`
        SELECT (SELECT count(*)::int FROM user_directory WHERE in_registry AND registered_at IS NOT NULL) AS users,
               (SELECT coalesce(sum(total_invested), 0)::text FROM assets WHERE created_at IS NOT NULL) AS aum`);
      expect(points.at(-1)!.totalUsers, `${granularity} running user total`).toBe(totals.users);
      expect(Number(points.at(-1)!.aum), `${granularity} running AUM`).toBe(Number(totals.aum));
    }

    const [expected] = await ownerEm().execute<Array<{ users: number; today: number; aum: string; active: number }>>(`
      SELECT (SELECT count(*)::int FROM users) AS users,
             (SELECT count(*)::int FROM user_directory WHERE in_registry AND registered_at > now() - interval '24 hours') AS today,
             (SELECT coalesce(sum(total_invested), 0)::text FROM assets) AS aum,
             (SELECT count(*)::int FROM assets WHERE status = 'active') AS active`);
    const stats = await findRealTimeStats(appEm());
    expect(stats).toEqual({ totalUsers: expected.users, newUsersToday: expected.today, totalAum: stats.totalAum, activeAssets: expected.active });
    expect(Number(stats.totalAum)).toBe(Number(expected.aum));
    expect(stats.totalUsers).toBeGreaterThan(0);

    const distributions = await findDistributions(appEm());
    const tiers = await ownerEm().execute<Array<{ key: string; count: number }>>(
      `SELECT coalesce(tier::text, 'none') AS key, count(*)::int AS count FROM user_directory GROUP BY 1 ORDER BY 1`,
    );
    expect(distributions.tiers).toEqual(tiers);
    const statuses = await ownerEm().execute<Array<{ key: string; count: number }>>(
      `SELECT status AS key, count(*)::int AS count FROM kyc_applications GROUP BY 1`,
    );
    expect([...distributions.kycStatuses].sort((a, b) => a.key.localeCompare(b.key))).toEqual([...statuses].sort((a, b) => a.key.localeCompare(b.key)));
  });

  it('answers from the aggregate: a new block shows only after the next refresh, which moves every view’s refresh time', async () => {
    await refreshAggregates(appEm());
    const before = await findRefreshTimes(appEm());
    const day = '2031-03-04';
    const range = { from: day, to: day, granularity: 'day' as const };
    const [counted] = await findTrend(appEm(), range);
    await ownerEm().execute(
      `INSERT INTO chain_blocks (legacy_key, legacy_position, legacy_hash, block_number, block_hash, mined_at, transaction_count)
       VALUES ('analytics-test-block', (SELECT coalesce(max(legacy_position), 0) + 1 FROM chain_blocks), repeat('0', 64), 990000001, '0xanalytics', ?, 0)`,
      [`${day}T12:00:00Z`],
    );
    expect((await findTrend(appEm(), range))[0].blocks, 'not yet refreshed').toBe(counted.blocks);
    await refreshAggregates(appEm());
    expect((await findTrend(appEm(), range))[0].blocks, 'after the refresh').toBe(counted.blocks + 1);
    const after = await findRefreshTimes(appEm());
    expect(Object.keys(after).sort()).toEqual([...ANALYTICS_VIEWS].sort());
    for (const view of ANALYTICS_VIEWS) expect(Date.parse(after[view]), view).toBeGreaterThan(Date.parse(before[view]));
  });

  it('a trend has one point per bucket of the range, empty buckets as zeros, weeks starting on Monday', async () => {
    const trend = await getTrend(appEm(), trendQuerySchema.parse({ from: '2031-03-01', to: '2031-03-31', granularity: 'week' }));
    expect(trend.points.map((point) => point.bucket)).toEqual(['2031-02-24', '2031-03-03', '2031-03-10', '2031-03-17', '2031-03-24', '2031-03-31']);
    expect(trend.points.map((point) => point.blocks)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(trend.refreshedAt).not.toBeNull();
    const daily = await getTrend(appEm(), trendQuerySchema.parse({ from: '2031-03-01', to: '2031-03-10' }));
    expect(daily.points).toHaveLength(10);
  });

  it('the app login cannot refresh a view itself nor write the refresh times, and analytics_refresh refuses other relations', async () => {
    const client = await appClient();
    await expect(client.query('REFRESH MATERIALIZED VIEW analytics_daily')).rejects.toThrow(/must be owner/);
    await expect(client.query(`UPDATE analytics_refreshes SET refreshed_at = now() + interval '1 day'`)).rejects.toThrow(/permission denied/);
    await expect(client.query(`SELECT analytics_refresh('user_profiles')`)).rejects.toThrow(/not an analytics view/);
  });

  it('the on-demand refresh is audited with its reason', async () => {
    await appEm().transactional((em) => refreshAggregatesNow(em, 'checking the figures', { source: 'admin-ui', actorLabel: 'analytics-test@test.pend' }));
    const [event] = await ownerEm().execute<Array<{ new_values: { reason: string; views: string[] } }>>(
      `SELECT new_values FROM audit_trail WHERE action = 'ANALYTICS_REFRESHED' AND actor_label = 'analytics-test@test.pend' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event.new_values).toEqual({ reason: 'checking the figures', views: [...ANALYTICS_VIEWS] });
  });

  it('is refreshed by a recurring job every 5 minutes', () => {
    expect(recurringJobs.find((job) => job.name === 'analytics.refresh-aggregates')?.cron).toBe('*/5 * * * *');
  });
});

describe('refreshing does not block readers', () => {
  const READS = 25;
  const read = (client: pg.Client) => client.query<{ bucket: string }>('SELECT bucket FROM analytics_daily ORDER BY bucket DESC LIMIT 30');

  /** Who holds which lock on a relation, seen from a third connection. */
  async function locksOn(relation: string): Promise<Array<{ pid: number; mode: string; granted: boolean }>> {
    const observer = await ownerClient();
    const { rows } = await observer.query<{ pid: number; mode: string; granted: boolean }>(
      `SELECT pid, mode, granted FROM pg_locks WHERE locktype = 'relation' AND relation = $1::regclass`,
      [relation],
    );
    return rows;
  }

  it('while a CONCURRENTLY refresh holds its lock, a reader (lock_timeout set, so waiting would fail it) completes every read with rows', async () => {
    const refresher = await appClient();
    const reader = await appClient();
    await reader.query(`SET lock_timeout = '2s'`);
    const refresherPid = (await refresher.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    await refresher.query('BEGIN');
    try {
      await refresher.query(`SELECT analytics_refresh('analytics_daily')`);
      // The refresh's lock is held until COMMIT: everything below happens while it is.
      const held = (await locksOn('analytics_daily')).filter((lock) => lock.pid === refresherPid && lock.granted).map((lock) => lock.mode);
      expect(held, 'the refresh holds the CONCURRENTLY lock').toContain('ExclusiveLock');
      let completed = 0;
      for (let index = 0; index < READS; index += 1) {
        const { rows } = await read(reader);
        expect(rows.length).toBeGreaterThan(0);
        completed += 1;
      }
      expect(completed).toBe(READS);
      expect((await locksOn('analytics_daily')).filter((lock) => lock.pid === refresherPid && lock.granted).map((lock) => lock.mode)).toContain(
        'ExclusiveLock',
      );
    } finally {
      await refresher.query('COMMIT');
    }
  });

  it('readers keep completing reads while refreshAggregates runs in parallel', async () => {
    const reader = await appClient();
    await reader.query(`SET lock_timeout = '2s'`);
    let refreshing = true;
    const refresh = refreshAggregates(appEm()).finally(() => (refreshing = false));
    let reads = 0;
    while (refreshing) {
      const { rows } = await read(reader);
      expect(rows.length).toBeGreaterThan(0);
      reads += 1;
    }
    await refresh;
    expect(reads).toBeGreaterThan(0);
  });

  it('control: a plain (not concurrent) refresh does block the same reader, so the checks above can fail', async () => {
    const refresher = await ownerClient();
    const reader = await appClient();
    await reader.query(`SET lock_timeout = '200ms'`);
    await refresher.query('BEGIN');
    try {
      await refresher.query('REFRESH MATERIALIZED VIEW analytics_daily');
      await expect(read(reader)).rejects.toMatchObject({ code: '55P03' });
    } finally {
      await refresher.query('COMMIT');
    }
  });
});

describe('chart exports', () => {
  it('a chart exports its range and columns through /api/exports/analytics-trend: the same points the chart draws, and a role without analytics:read (KYC verifier) is refused', async () => {
    await refreshAggregates(appEm());
    const { user } = await createAdminUser(ownerEm(), { email: randomEmail('analyst'), name: 'Analyst', role: 'asset_manager' });
    const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
    const params = 'from=2031-03-01&to=2031-03-31&granularity=week&columns=bucket,blocks,newUsers&format=csv';
    const started = await startExport(appEm(), {
      actor,
      audit: { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' },
      gridId: 'analytics-trend',
      params: new URLSearchParams(params),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of started.body) chunks.push(chunk as Buffer);
    await started.done;
    const rows = (parse(Buffer.concat(chunks).toString('utf8'), { relax_column_count: true, skip_empty_lines: true }) as string[][]).filter((row) =>
      /^\d{4}-\d{2}-\d{2}$/.test(row[0] ?? ''),
    );
    const trend = await getTrend(appEm(), trendQuerySchema.parse({ from: '2031-03-01', to: '2031-03-31', granularity: 'week' }));
    expect(rows).toEqual(trend.points.map((point) => [point.bucket, String(point.blocks), String(point.newUsers)]));

    const { user: kyc } = await createAdminUser(ownerEm(), { email: randomEmail('kyc'), name: 'KYC', role: 'kyc_verifier' });
    await expect(
      startExport(appEm(), {
        actor: { id: kyc.id, email: kyc.email, name: kyc.name, role: kyc.role },
        audit: { actorId: kyc.id, actorLabel: kyc.email, source: 'admin-ui' },
        gridId: 'analytics-trend',
        params: new URLSearchParams(params),
      }),
    ).rejects.toThrow(AppError);
  });
});
