import { describe, expect, it } from 'vitest';
import { env } from './env';
import { createCache } from './cache';

// The Redis case runs wherever REDIS_URL is configured (CI sets it); the memory case runs everywhere.
const backends: Array<[string, string | undefined]> = [['memory', undefined]];
if (env().REDIS_URL) backends.push(['redis', env().REDIS_URL]);

describe.each(backends)('cache (%s)', (backend, url) => {
  it('counts a miss, then a hit, through wrap()', async () => {
    const cache = createCache(url);
    const key = `test:${crypto.randomUUID()}`;
    let loads = 0;
    const load = async () => ({ loads: ++loads });
    expect(await cache.wrap(key, 30, load)).toEqual({ loads: 1 });
    expect(await cache.wrap(key, 30, load)).toEqual({ loads: 1 });
    expect(cache.stats()).toEqual({ backend, hits: 1, misses: 1, hitRatio: 0.5 });
    await cache.close();
  });

  it('forgets a deleted key', async () => {
    const cache = createCache(url);
    await cache.set('test:deleted', 42, 30);
    await cache.del('test:deleted');
    expect(await cache.get('test:deleted')).toBeUndefined();
    await cache.close();
  });
});
