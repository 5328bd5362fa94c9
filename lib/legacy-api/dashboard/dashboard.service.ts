import { access } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cache } from '@/lib/cache';
import { env } from '@/lib/env';
import { checkReadiness, type CheckResult } from '@/lib/health/check-readiness';
import { isJsonObject } from '@/lib/legacy/canonical-json';
import { assetStatusVocabulary, kycStatusVocabulary } from '@/lib/legacy/vocabulary';
import type { Dataset } from '../dataset/dataset';
import { sumDecimals } from '../decimal';
import { connectionStats, queryLatencyMs, serverFacts, tableList } from './database-stats.repository';

const ACTIVE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

function cacheHitRatio(): number | null {
  const ratio = cache().stats().hitRatio;
  return ratio === null ? null : Math.round(ratio * 1000) / 1000;
}

/** The six KPIs of the legacy admin dashboard, from whichever side answers. */
export async function getDashboardStats(data: Dataset, em: EntityManager | null) {
  const [users, wallets, assets, applications, flows, active] = await Promise.all([
    data.userCount(),
    data.walletCount(),
    data.records('admin-opportunities'),
    data.records('kyc-metadata'),
    data.poolFlows(),
    data.activeIdentities(new Date(Date.now() - ACTIVE_WINDOW_DAYS * DAY_MS)),
  ]);
  const values = assets.flatMap((record) => (isJsonObject(record.value) ? [record.value] : []));
  const live = values.filter((asset) => typeof asset.status === 'string' && assetStatusVocabulary.fromLegacy(asset.status)?.value === 'active');
  const pendingKyc = applications.filter((record) => {
    const status =
      isJsonObject(record.value) && typeof record.value.verificationStatus === 'string'
        ? kycStatusVocabulary.fromLegacy(record.value.verificationStatus)?.value
        : null;
    return status === 'pending_review' || status === 'under_review';
  }).length;
  return {
    success: true as const,
    totalUsers: users,
    activeWallets: active.size,
    totalWallets: wallets,
    totalAssets: values.length,
    activeAssets: live.length,
    pendingKyc,
    totalAum: sumDecimals(values.map((asset) => (typeof asset.totalInvested === 'number' ? String(asset.totalInvested) : null))),
    investmentValue: flows.invested,
    systemHealth: data.databaseConnected ? ('healthy' as const) : ('degraded' as const),
    databaseStatus: data.databaseConnected ? ('connected' as const) : ('fallback' as const),
    performanceMetrics: { avgQueryTime: em ? await queryLatencyMs(em) : null, cacheHitRatio: cacheHitRatio() },
    lastUpdated: new Date().toISOString(),
  };
}

function formatUptime(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return `${days}d ${hours}h ${minutes}m`;
}

export async function getDatabaseHealth(em: EntityManager | null) {
  const max = env().DATABASE_POOL_MAX;
  if (!em) {
    return {
      success: true as const,
      status: 'fallback' as const,
      connections: { active: 0, idle: 0, total: 0, max },
      performance: { avgQueryTime: null, slowQueries: 0 },
      uptime: null,
      lastBackup: null,
    };
  }
  const [connections, latency, facts] = await Promise.all([connectionStats(em), queryLatencyMs(em), serverFacts(em)]);
  return {
    success: true as const,
    status: 'connected' as const,
    connections: { active: connections.active, idle: connections.idle, total: connections.total, max },
    performance: { avgQueryTime: latency, slowQueries: connections.slowQueries },
    uptime: formatUptime(facts.uptimeSeconds),
    lastBackup: facts.lastBackup,
  };
}

export async function getPerformanceMetrics(em: EntityManager | null) {
  const connections = em ? await connectionStats(em) : { active: 0, idle: 0, total: 0, slowQueries: 0 };
  return {
    success: true as const,
    metrics: {
      avgQueryTime: em ? await queryLatencyMs(em) : null,
      activeConnections: connections.active,
      totalConnections: connections.total,
      maxConnections: env().DATABASE_POOL_MAX,
      slowQueries: connections.slowQueries,
      cacheBackend: cache().stats().backend,
      cacheHitRatio: cacheHitRatio(),
      databaseSizeBytes: em ? (await serverFacts(em)).sizeBytes : null,
    },
  };
}

/** Recent operations from the server log (the legacy feed read `server_logs`), newest first. */
export async function getDatabaseActivity(data: Dataset, limit: number) {
  const entries = await data.serverLogs(limit);
  return {
    success: true as const,
    activities: entries.map((entry) => {
      const details = isJsonObject(entry.data) ? entry.data : {};
      const failed = entry.type === 'ERROR' || details.success === false;
      const operation = [details.endpoint, details.action, details.operation, details.alert].find((value) => typeof value === 'string') as string | undefined;
      return {
        timestamp: typeof entry.timestamp === 'string' ? entry.timestamp : null,
        type: typeof entry.type === 'string' ? entry.type : 'UNKNOWN',
        operation: operation ?? String(entry.type ?? 'unknown'),
        status: failed ? ('error' as const) : ('success' as const),
        details,
      };
    }),
  };
}

async function legacyFolderCheck(): Promise<CheckResult> {
  const started = performance.now();
  const dir = env().LEGACY_DATA_DIR;
  const ok = dir
    ? await access(dir).then(
        () => true,
        () => false,
      )
    : false;
  // The folder's path stays on the server: the check says only whether it is usable.
  return { ok, detail: dir ? (ok ? 'readable' : 'not readable') : 'not configured', latencyMs: Math.round(performance.now() - started) };
}

export async function getSystemHealth(em: EntityManager | null) {
  const unreachable: CheckResult = { ok: false, detail: 'database unreachable', latencyMs: 0 };
  const readiness = em
    ? (await checkReadiness(em, cache())).checks
    : { database: unreachable, migrations: unreachable, cache: { ok: true, detail: cache().stats().backend, latencyMs: 0 } };
  const legacyFiles = await legacyFolderCheck();
  const healthy = readiness.database.ok && readiness.migrations.ok && readiness.cache.ok;
  return {
    success: true as const,
    status: healthy ? ('healthy' as const) : ('degraded' as const),
    checks: { ...readiness, legacyFiles },
    uptimeSeconds: Math.round(process.uptime()),
  };
}

export async function getTables(em: EntityManager | null) {
  return { success: true as const, tables: em ? await tableList(em) : [] };
}
