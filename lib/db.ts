import 'server-only';
import { MikroORM, RequestContext, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';

type OrmCache = { ormPromise?: Promise<MikroORM> };

// Cached on globalThis so dev-server module re-evaluation and concurrent first requests share one pool.
const cache = globalThis as typeof globalThis & { __pendOrm?: OrmCache };
cache.__pendOrm ??= {};

export function getOrm(): Promise<MikroORM> {
  const slot = cache.__pendOrm!;
  slot.ormPromise ??= MikroORM.init(createOrmConfig()).catch((error: unknown) => {
    slot.ormPromise = undefined;
    throw error;
  });
  return slot.ormPromise;
}

/** Closes the pool (at shutdown); a later `getOrm` opens a new one. */
export async function closeOrm(): Promise<void> {
  const slot = cache.__pendOrm!;
  const pending = slot.ormPromise;
  slot.ormPromise = undefined;
  const orm = await pending?.catch(() => null);
  await orm?.close(true);
}

/** Runs `fn` with a fresh, request-scoped EntityManager (never the global one). */
export async function withEm<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const orm = await getOrm();
  const em = orm.em.fork();
  return RequestContext.create(em, () => fn(em));
}

export type { EntityManager };
