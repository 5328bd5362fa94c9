import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { env } from '@/lib/env';

/** The namespace of every key this app writes to Redis (REDIS_KEY_PREFIX). */
export function cacheKeyPrefix(): string {
  return env().REDIS_KEY_PREFIX;
}

export type CacheStats = { backend: 'redis' | 'memory'; hits: number; misses: number; hitRatio: number | null };

type Store = {
  backend: CacheStats['backend'];
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(keys: string[]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

function redisStore(url: string): Store {
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  client.on('error', () => undefined); // surfaced through ping() and failed commands, not as crashes
  return {
    backend: 'redis',
    get: async (key) => (await client.get(key)) ?? undefined,
    set: async (key, value, ttlSeconds) => void (await client.set(key, value, 'EX', ttlSeconds)),
    del: async (keys) => void (keys.length && (await client.del(...keys))),
    ping: async () => void (await client.ping()),
    close: async () => void (await client.quit()),
  };
}

function memoryStore(): Store {
  const lru = new LRUCache<string, string>({ max: 10_000, ttlAutopurge: false });
  return {
    backend: 'memory',
    get: async (key) => lru.get(key),
    set: async (key, value, ttlSeconds) => void lru.set(key, value, { ttl: ttlSeconds * 1000 }),
    del: async (keys) => keys.forEach((key) => lru.delete(key)),
    ping: async () => undefined,
    close: async () => lru.clear(),
  };
}

/** Redis when `REDIS_URL` is set, else an in-process LRU with the same interface; hit/miss counted here. */
export class Cache {
  private hits = 0;
  private misses = 0;

  constructor(private readonly store: Store) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.store.get(cacheKeyPrefix() + key);
    if (raw === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return JSON.parse(raw) as T;
  }

  set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    return this.store.set(cacheKeyPrefix() + key, JSON.stringify(value), ttlSeconds);
  }

  del(...keys: string[]): Promise<void> {
    return this.store.del(keys.map((key) => cacheKeyPrefix() + key));
  }

  /** Read-through: the cached value, or `load()` stored for `ttlSeconds`. */
  async wrap<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await load();
    await this.set(key, value, ttlSeconds);
    return value;
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  stats(): CacheStats {
    const total = this.hits + this.misses;
    return { backend: this.store.backend, hits: this.hits, misses: this.misses, hitRatio: total ? this.hits / total : null };
  }
}

export function createCache(redisUrl?: string): Cache {
  return new Cache(redisUrl ? redisStore(redisUrl) : memoryStore());
}

const holder = globalThis as typeof globalThis & { __pendCache?: Cache };

/** The process-wide cache (one Redis connection per process, kept across dev reloads). */
export function cache(): Cache {
  holder.__pendCache ??= createCache(env().REDIS_URL);
  return holder.__pendCache;
}
