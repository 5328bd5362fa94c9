import pg from 'pg';
import { configuredAppDatabaseUrl } from '@/lib/database-roles';
import { env } from '@/lib/env';
import { sslOptions } from '@/mikro-orm.config';

/** How long a probe may take before it counts as failed (the ORM pool itself would wait a minute). */
const PROBE_TIMEOUT_MS = 1_500;
const PROBE_EVERY_MS = 2_000;
// Under a saturated event loop one probe can miss its deadline: a database that was up is declared
// down only after this many failures in a row (a refused connection at start-up needs just one).
const FAILURES_TO_GO_DOWN = 2;

// `answers` counts pool queries that succeeded (noteDatabaseAnswered), so a probe knows whether any did while it ran.
type ProbeState = { reachable: boolean | null; failures: number; checkedAt: number; inflight: Promise<boolean> | null; answers: number };
const holder = globalThis as typeof globalThis & { __pendDbProbe?: ProbeState };
const state = (holder.__pendDbProbe ??= { reachable: null, failures: 0, checkedAt: 0, inflight: null, answers: 0 });

async function probe(): Promise<boolean> {
  const config = env();
  const url = configuredAppDatabaseUrl(config);
  if (!url) return false;
  const ssl = sslOptions(url, config.DATABASE_SSL);
  // A client of its own, outside the ORM pool (on the app's login, as the pool): the pool retries a refused connection until its acquire timeout.
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    query_timeout: PROBE_TIMEOUT_MS,
    ...(ssl ? { ssl } : {}),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    void client.end().catch(() => undefined);
  }
}

function refresh(): Promise<boolean> {
  const answersBefore = state.answers;
  state.inflight ??= probe().then((ok) => {
    // A probe that failed while pool queries kept answering timed out on a saturated event loop, not on the database.
    if (!ok && state.reachable === true && state.answers !== answersBefore) {
      state.inflight = null;
      return true;
    }
    state.failures = ok ? 0 : state.failures + 1;
    if (ok || state.reachable !== true || state.failures >= FAILURES_TO_GO_DOWN) state.reachable = ok;
    state.checkedAt = Date.now();
    state.inflight = null;
    return state.reachable ?? ok;
  });
  return state.inflight;
}

/**
 * Whether PostgreSQL answers, from a probe at most a couple of seconds old. The first call waits for a
 * probe; later ones answer from the last result at once and refresh it in the background, so a
 * request never waits on the probe and a dead database never costs a hanging pool acquire.
 */
export async function isDatabaseReachable(): Promise<boolean> {
  if (state.reachable === null) return refresh();
  if (Date.now() - state.checkedAt >= PROBE_EVERY_MS) void refresh();
  return state.reachable;
}

/**
 * A query through the pool just succeeded: as good as a passing probe, and fresher. Under load the probe's
 * own connection can miss its deadline behind a busy event loop; without this, two such misses sent every
 * read to the legacy files (rebuilt per request) while PostgreSQL was answering the pool all along.
 */
export function noteDatabaseAnswered(): void {
  if (state.reachable === false) return;
  state.reachable = true;
  state.failures = 0;
  state.checkedAt = Date.now();
  state.answers += 1;
}

/** A query failed for a connection reason: probe again now instead of trusting a stale "up". */
export function markDatabaseSuspect(): void {
  void refresh();
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

/** True for errors that mean "the database is not there", as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  for (let current: unknown = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && /Knex: Timeout acquiring a connection|Connection terminated|connect ECONNREFUSED/.test(message)) return true;
  }
  return false;
}
