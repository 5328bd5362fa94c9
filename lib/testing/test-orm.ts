import { MikroORM } from '@mikro-orm/postgresql';
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

export function randomEmail(prefix = 'admin'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@test.pend`;
}
