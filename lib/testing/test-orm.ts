import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { afterAll } from 'vitest';
import { createOrmConfig } from '@/mikro-orm.config';

/**
 * An ORM for one test file: `app` connects as the application role (what the product runs as),
 * `owner` as the migration owner / superuser (for set-up and for tampering tests).
 */
export async function useTestOrm(kind: 'app' | 'owner' = 'app'): Promise<MikroORM> {
  const orm = await MikroORM.init({ ...createOrmConfig({ asOwner: kind === 'owner' }), allowGlobalContext: true });
  afterAll(() => orm.close(true));
  return orm;
}

let owner: Promise<MikroORM> | undefined;

/**
 * An EntityManager of the migration owner, for test imports that stand for `npm run migrate`: one
 * BULK_IMPORT audit event per source instead of an entry per record, so the one shared test database's
 * audit trail (which every full chain verification reads) does not grow by every record of every import.
 */
export async function ownerEm(): Promise<EntityManager> {
  owner ??= useTestOrm('owner');
  return (await owner).em.fork();
}

export function randomEmail(prefix = 'admin'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@test.pend`;
}
