import Redis from 'ioredis';
import { env } from '@/lib/env';

/**
 * Counters of hits in a time window, shared by every instance through Redis when REDIS_URL is set and
 * kept in this process otherwise. If Redis fails the hit is counted in-process rather than refused: a
 * cache outage must not take the API or the login down. Used by the legacy API's rate limit and the
 * login throttle.
 */
type Counter = { increment: (key: string, windowMs: number) => Promise<number>; read: (key: string) => Promise<number>; reset: (key: string) => Promise<void> };

// One round trip: count the hit and start the window's expiry on its first hit.
const INCREMENT_SCRIPT = `local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits`;

type CounterState = { redis?: Redis; memory: Map<string, { hits: number; expiresAt: number }>; warned: boolean };
const holder = globalThis as typeof globalThis & { __pendRateLimit?: CounterState };
const state: CounterState = (holder.__pendRateLimit ??= { memory: new Map(), warned: false });

const memoryCounter: Counter = {
  async increment(key, windowMs) {
    const now = Date.now();
    if (state.memory.size > 50_000) for (const [name, entry] of state.memory) if (entry.expiresAt <= now) state.memory.delete(name);
    const entry = state.memory.get(key);
    if (!entry || entry.expiresAt <= now) {
      state.memory.set(key, { hits: 1, expiresAt: now + windowMs });
      return 1;
    }
    entry.hits += 1;
    return entry.hits;
  },
  async read(key) {
    const entry = state.memory.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.hits : 0;
  },
  async reset(key) {
    state.memory.delete(key);
  },
};

function redisCounter(url: string): Counter {
  if (!state.redis) {
    state.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
    state.redis.on('error', () => undefined); // surfaced by the failing command below, not as a crash
  }
  const redis = state.redis;
  return {
    increment: async (key, windowMs) => Number(await redis.eval(INCREMENT_SCRIPT, 1, key, String(windowMs))),
    read: async (key) => Number((await redis.get(key)) ?? 0),
    reset: async (key) => {
      await redis.del(key);
    },
  };
}

async function withCounter<T>(operation: (counter: Counter) => Promise<T>): Promise<T> {
  const url = env().REDIS_URL;
  if (!url) return operation(memoryCounter);
  try {
    return await operation(redisCounter(url));
  } catch (error) {
    if (!state.warned) console.error('hit-counter: counter in Redis failed; counting in-process', error);
    state.warned = true;
    return operation(memoryCounter);
  }
}

/** Counts one hit; the first hit starts the window, which expires `windowMs` later. Returns the hits so far. */
export function countHit(key: string, windowMs: number): Promise<number> {
  return withCounter((counter) => counter.increment(key, windowMs));
}

export function readHits(key: string): Promise<number> {
  return withCounter((counter) => counter.read(key));
}

export function resetHits(key: string): Promise<void> {
  return withCounter((counter) => counter.reset(key));
}
