import { cacheKeyPrefix } from '@/lib/cache';
import { env } from '@/lib/env';
import { countHit } from '@/lib/hit-counter';

export type RateLimitResult = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

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
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const key = `${cacheKeyPrefix()}${scope}:${windowMs}:${limit}:${windowStart}:${client}`;
  const hits = await countHit(key, windowMs);
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
