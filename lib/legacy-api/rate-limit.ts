import Redis from 'ioredis';
import { CACHE_PREFIX } from '@/lib/cache';
import { env } from '@/lib/env';

export type RateLimitResult = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };
type Counter = (key: string, windowMs: number) => Promise<number>;

// One round trip: count the hit and start the window's expiry on its first hit.
const INCREMENT_SCRIPT = `local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits`;

type LimiterState = { redis?: Redis; memory: Map<string, { hits: number; expiresAt: number }>; warned: boolean };
const holder = globalThis as typeof globalThis & { __pendRateLimit?: LimiterState };
const state: LimiterState = (holder.__pendRateLimit ??= { memory: new Map(), warned: false });

const memoryCounter: Counter = async (key, windowMs) => {
  const now = Date.now();
  if (state.memory.size > 50_000) for (const [name, entry] of state.memory) if (entry.expiresAt <= now) state.memory.delete(name);
  const entry = state.memory.get(key);
  if (!entry || entry.expiresAt <= now) {
    state.memory.set(key, { hits: 1, expiresAt: now + windowMs });
    return 1;
  }
  entry.hits += 1;
  return entry.hits;
};

function redisCounter(url: string): Counter {
  if (!state.redis) {
    state.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
    state.redis.on('error', () => undefined); // surfaced by the failing eval below, not as a crash
  }
  const redis = state.redis;
  return async (key, windowMs) => Number(await redis.eval(INCREMENT_SCRIPT, 1, key, String(windowMs)));
}

/**
 * Fixed-window limit per client: RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW ms. With REDIS_URL the
 * counter lives in Redis, so every instance behind the load balancer counts against the same budget;
 * without it, in this process. The window and maximum are part of the key, so instances configured
 * differently never share (and never exhaust) each other's counters. If Redis fails the request is
 * counted in-process rather than refused: a cache outage must not take the API down.
 */
export async function consumeRateLimit(client: string, now = Date.now()): Promise<RateLimitResult> {
  const config = env();
  return consumeBudget('rate', client, { limit: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW }, now);
}

/**
 * One hit against a named fixed-window budget (`scope` keeps budgets of different purposes apart, e.g.
 * KYC uploads per identity and per address), counted like `consumeRateLimit`.
 */
export async function consumeBudget(
  scope: string,
  client: string,
  { limit, windowMs }: { limit: number; windowMs: number },
  now = Date.now(),
): Promise<RateLimitResult> {
  const config = env();
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const key = `${CACHE_PREFIX}${scope}:${windowMs}:${limit}:${windowStart}:${client}`;
  let hits: number;
  try {
    hits = await (config.REDIS_URL ? redisCounter(config.REDIS_URL) : memoryCounter)(key, windowMs);
  } catch (error) {
    if (!state.warned) console.error('legacy-api: rate limit counter in Redis failed; counting in-process', error);
    state.warned = true;
    hits = await memoryCounter(key, windowMs);
  }
  return {
    allowed: hits <= limit,
    limit,
    remaining: Math.max(0, limit - hits),
    resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
  };
}

/** The standard `RateLimit-*` headers (IETF draft, as express-rate-limit sends them), plus `Retry-After` when refused. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  return {
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(result.resetSeconds),
    ...(result.allowed ? {} : { 'Retry-After': String(result.resetSeconds) }),
  };
}
