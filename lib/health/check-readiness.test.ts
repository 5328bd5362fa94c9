import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
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

describe('checkReadiness on an unreachable database', () => {
  it('health/ready body holds no driver message: the failure says only "failed"', async () => {
    const failing = { execute: async () => Promise.reject(new Error('connect ECONNREFUSED 10.9.8.7:5432 for role "pend_owner"')) };
    const errors = console.error;
    console.error = () => undefined;
    try {
      const readiness = await checkReadiness(failing as unknown as EntityManager, createCache());
      expect(readiness.ready).toBe(false);
      expect(readiness.checks.database).toMatchObject({ ok: false, detail: 'failed' });
      expect(JSON.stringify(readiness)).not.toMatch(/ECONNREFUSED|10\.9\.8\.7|pend_owner/);
    } finally {
      console.error = errors;
    }
  });
});
