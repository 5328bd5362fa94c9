import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { prepareRuntime, type Runtime } from './runtime';

/**
 * For CLI commands: the same database preparation as `npm start` (embedded server when there is no
 * DATABASE_URL, migrations applied), then an ORM on the application role, or as the migration owner
 * for `npm run migrate`, whose bulk import is one audit event per source instead of one per row.
 */
export async function withCliOrm<T>(fn: (orm: MikroORM, runtime: Runtime) => Promise<T>, { asOwner = false }: { asOwner?: boolean } = {}): Promise<T> {
  const runtime = await prepareRuntime(() => undefined);
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: runtime.childEnv.DATABASE_URL, asOwner }));
  try {
    return await fn(orm, runtime);
  } finally {
    await orm.close(true);
    await runtime.stop();
  }
}
