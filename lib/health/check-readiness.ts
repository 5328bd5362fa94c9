import type { EntityManager } from '@mikro-orm/postgresql';
import type { Cache } from '@/lib/cache';
import { pendingMigrationNames } from '@/lib/schema-migrations';

export type CheckResult = { ok: boolean; detail?: string; latencyMs: number };
export type Readiness = { ready: boolean; checks: { database: CheckResult; migrations: CheckResult; cache: CheckResult } };

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<string | undefined>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)),
    ]);
    return { ok: true, detail, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : 'failed', latencyMs: Math.round(performance.now() - started) };
  }
}

/** Database reachable, every migration in code applied, cache answering. */
export async function checkReadiness(em: EntityManager, cache: Cache): Promise<Readiness> {
  const database = await timed(async () => void (await em.execute('SELECT 1')));
  const migrations = database.ok
    ? await timed(async () => {
        const pending = await pendingMigrationNames((sql) => em.execute(sql));
        if (pending.length) throw new Error(`pending: ${pending.join(', ')}`);
        return 'current';
      })
    : { ok: false, detail: 'database unreachable', latencyMs: 0 };
  const cacheCheck = await timed(async () => {
    await cache.ping();
    return cache.stats().backend;
  });
  return { ready: database.ok && migrations.ok && cacheCheck.ok, checks: { database, migrations, cache: cacheCheck } };
}
