// A writer in a process of its own, for the test that kills it mid-write: node --conditions=react-server --import tsx <this file> <id> <title> <loaded title>
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { updateAsset } from '../asset.service';

async function main(): Promise<void> {
  const [id, title, loadedTitle] = process.argv.slice(2);
  const orm = await MikroORM.init(createOrmConfig());
  try {
    await updateAsset(orm.em.fork(), { id, changes: { title }, original: { title: loadedTitle } }, { context: { source: 'cli', actorLabel: 'killed writer' } });
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
