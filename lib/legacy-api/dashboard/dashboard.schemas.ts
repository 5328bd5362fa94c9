import { z } from 'zod';
import { queryInt, successTrue } from '../common.schemas';
import { readBody } from '../route-spec';

const checkSchema = z.object({ ok: z.boolean(), detail: z.string().optional(), latencyMs: z.number() });

export const dashboardStatsBody = readBody({
  success: successTrue,
  totalUsers: z.number().int(),
  activeWallets: z.number().int(),
  totalWallets: z.number().int(),
  totalAssets: z.number().int(),
  activeAssets: z.number().int(),
  pendingKyc: z.number().int(),
  totalAum: z.string(),
  investmentValue: z.string(),
  systemHealth: z.enum(['healthy', 'degraded']),
  databaseStatus: z.enum(['connected', 'fallback']),
  performanceMetrics: z.object({ avgQueryTime: z.number().nullable(), cacheHitRatio: z.number().nullable() }),
  lastUpdated: z.string(),
});

export const databaseHealthBody = readBody({
  success: successTrue,
  status: z.enum(['connected', 'fallback']),
  connections: z.object({ active: z.number().int(), idle: z.number().int(), total: z.number().int(), max: z.number().int() }),
  performance: z.object({ avgQueryTime: z.number().nullable(), slowQueries: z.number().int() }),
  uptime: z.string().nullable(),
  lastBackup: z.string().nullable(),
});

export const performanceMetricsBody = readBody({
  success: successTrue,
  metrics: z.object({
    avgQueryTime: z.number().nullable(),
    activeConnections: z.number().int(),
    totalConnections: z.number().int(),
    maxConnections: z.number().int(),
    slowQueries: z.number().int(),
    cacheBackend: z.enum(['redis', 'memory']),
    cacheHitRatio: z.number().nullable(),
    databaseSizeBytes: z.number().nullable(),
  }),
});

export const activityQuerySchema = z.object({ limit: queryInt(1, 500, 50) });

export const activityBody = readBody({
  success: successTrue,
  activities: z.array(
    z.object({
      timestamp: z.string().nullable(),
      type: z.string(),
      operation: z.string(),
      status: z.enum(['success', 'error']),
      details: z.record(z.string(), z.json()),
    }),
  ),
});

export const systemHealthBody = readBody({
  success: successTrue,
  status: z.enum(['healthy', 'degraded']),
  checks: z.object({ database: checkSchema, migrations: checkSchema, cache: checkSchema, legacyFiles: checkSchema }),
  uptimeSeconds: z.number().int(),
});

export const tablesBody = readBody({
  success: successTrue,
  tables: z.array(z.object({ name: z.string(), rows: z.number().int(), bytes: z.number().int().nullable() })),
});
