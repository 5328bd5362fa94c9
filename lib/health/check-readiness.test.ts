import { describe, expect, it } from 'vitest';
import { createCache } from '@/lib/cache';
import { useTestOrm } from '@/lib/testing/test-orm';
import { checkReadiness } from './check-readiness';

describe('checkReadiness', () => {
  it('is ready on a migrated database with a working cache', async () => {
    const orm = await useTestOrm();
    const readiness = await checkReadiness(orm.em.fork(), createCache());
    expect(readiness.ready).toBe(true);
    expect(readiness.checks.migrations.detail).toBe('current');
  });

  it('is not ready when the cache does not answer', async () => {
    const orm = await useTestOrm();
    const deadRedis = createCache('redis://127.0.0.1:1/0');
    const readiness = await checkReadiness(orm.em.fork(), deadRedis);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.cache.ok).toBe(false);
    await deadRedis.close().catch(() => undefined);
  });
});
