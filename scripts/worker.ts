// npm run worker – the parallel-run sync worker as its own process (npm start also runs one when LEGACY_DATA_DIR is set)
import os from 'node:os';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { env } from '@/lib/env';
import { startSyncWorker } from '@/lib/migration/sync-worker';
import { loadEnvOrExit } from './lib/runtime';

async function main(): Promise<void> {
  const config = loadEnvOrExit();
  if (!config.LEGACY_DATA_DIR) {
    console.error("The sync worker follows LEGACY_DATA_DIR; set it to the legacy server's data folder.");
    process.exit(2);
  }
  if (!config.DATABASE_URL) {
    console.error('The sync worker needs DATABASE_URL (npm start passes it to the worker it runs itself).');
    process.exit(2);
  }
  const orm = await MikroORM.init(createOrmConfig());
  const worker = startSyncWorker({
    orm,
    sourceDir: config.LEGACY_DATA_DIR,
    storageDir: env().KYC_STORAGE_DIR,
    name: `worker:${os.hostname()}:${process.pid}`,
    log: (line) => console.log(line),
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void worker
        .stop()
        .then(() => orm.close(true))
        .then(() => process.exit(0));
    });
  }
}

void main();
