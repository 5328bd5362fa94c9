import type { EntityManager } from '@mikro-orm/postgresql';
import type { Cache } from '@/lib/cache';
import { findChainIngestLag } from '@/lib/chain/chain-ingest.repository';
import { pendingMigrationNames } from '@/lib/schema-migrations';

export type CheckResult = { ok: boolean; detail?: string; latencyMs: number };
/** How far the stored chain trails the node (blocks, and the last time blocks were stored); null until the ingester's first pass. */
export type ChainLag = { lagBlocks: number | null; lastIngestAt: string | null; lastCheckAt: string } | null;
export type Readiness = { ready: boolean; checks: { database: CheckResult; migrations: CheckResult; cache: CheckResult }; chain: ChainLag };

const CHECK_TIMEOUT_MS = 2_000;

/** A failure whose message is written for the public readiness body (no driver text, host or path). */
class CheckFailure extends Error {}

/**
 * Runs one check within CHECK_TIMEOUT_MS. The readiness body is public, so a failure reports only
 * `timed out`, a CheckFailure's own sentence, or `failed`; the driver's message (which names hosts,
 * roles and databases) goes to the server log.
 */
async function timed(name: string, check: () => Promise<string | undefined>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckFailure(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, detail, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof CheckFailure)) console.error(`readiness: the ${name} check failed`, error);
    return { ok: false, detail: error instanceof CheckFailure ? error.message : 'failed', latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Database reachable, every migration in code applied, cache answering. */
export async function checkReadiness(em: EntityManager, cache: Cache): Promise<Readiness> {
  const database = await timed('database', async () => void (await em.execute('SELECT 1')));
  const migrations = database.ok
    ? await timed('migrations', async () => {
        const pending = await pendingMigrationNames((sql) => em.execute(sql));
        if (pending.length) throw new CheckFailure(`${pending.length} pending`);
        return 'current';
      })
    : { ok: false, detail: 'database unreachable', latencyMs: 0 };
  const cacheCheck = await timed('cache', async () => {
    await cache.ping();
    return cache.stats().backend;
  });
  // Informational: an instance serves its pages whatever the ingester's state. Heads and times only, never the node's URL or an error.
  const lag = migrations.ok ? await findChainIngestLag(em).catch(() => null) : null;
  const chain: ChainLag = lag && { lagBlocks: lag.lagBlocks, lastIngestAt: lag.lastIngestAt, lastCheckAt: lag.lastCheckAt };
  return { ready: database.ok && migrations.ok && cacheCheck.ok, checks: { database, migrations, cache: cacheCheck }, chain };
}
