// npm run chain:ingest – the chain ingester as its own process (npm start also runs one when CHAIN_RPC_URL is set)
import { MikroORM } from '@mikro-orm/postgresql';
import { createPublicClient, http } from 'viem';
import { createOrmConfig } from '@/mikro-orm.config';
import { startChainIngester } from '@/lib/chain/ingestion/chain-ingester';
import { loadEnvOrExit } from './lib/runtime';

async function main(): Promise<void> {
  const config = loadEnvOrExit();
  if (!config.CHAIN_RPC_URL) {
    console.error("The chain ingester follows CHAIN_RPC_URL; set it to the chain node's JSON-RPC URL.");
    process.exit(2);
  }
  if (!config.DATABASE_URL) {
    console.error('The chain ingester needs DATABASE_URL (npm start passes it to the ingester it runs itself).');
    process.exit(2);
  }
  const orm = await MikroORM.init(createOrmConfig());
  const ingester = startChainIngester({
    orm,
    node: createPublicClient({ transport: http(config.CHAIN_RPC_URL, { retryCount: 2 }), cacheTime: 0 }),
    pollMs: config.CHAIN_POLL_INTERVAL_MS,
    reorgDepth: config.CHAIN_REORG_DEPTH,
    batchSize: config.CHAIN_INGEST_BATCH,
    legacyDir: config.LEGACY_DATA_DIR,
    log: (line) => console.log(line),
  });
  // Graceful stop: the pass under way commits or rolls back whole, then the leader lock is given up.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void ingester
        .stop()
        .then(() => orm.close(true))
        .then(() => process.exit(0));
    });
  }
}

void main();
