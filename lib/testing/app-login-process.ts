// The Next process's view of the database, in a process of its own (its environment is the test's to choose):
// node --conditions=react-server --import tsx <this file>. Prints who the app pool logs in as, then why an owner step is refused.
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';

async function main(): Promise<void> {
  const orm = await MikroORM.init(createOrmConfig());
  try {
    const [row] = await orm.em.fork().execute<Array<{ session_user: string }>>('SELECT session_user');
    console.log(JSON.stringify({ sessionUser: row.session_user }));
  } finally {
    await orm.close(true);
  }
  try {
    createOrmConfig({ asOwner: true });
  } catch (error) {
    console.log(JSON.stringify({ ownerRefusal: error instanceof Error ? error.message : String(error) }));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
