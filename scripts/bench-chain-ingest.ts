// npm run bench:chain-ingest [-- --blocks 1000 --rounds 3 --legacy-files --legacy-from DIR --file-passes 20] – the chain ingester catching up on an in-process node (ganache): blocks with one transfer each, stored per second, and the time from a mined block to its row while following; --legacy-files also writes the json-primary legacy chain files (decision 080) in a temporary folder; --legacy-from starts that folder with DIR's two chain files (e.g. legacy-gen --scale large) and then times --file-passes passes of the file writer alone, one new block after the files' last each (decision 083)
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import ganache from 'ganache';
import { createPublicClient, http, type PublicClient } from 'viem';
import { createOrmConfig } from '@/mikro-orm.config';
import { startChainIngester } from '@/lib/chain/ingestion/chain-ingester';
import { writeChainFiles } from '@/lib/chain/ingestion/chain-legacy-files';
import { fetchNodeBlock, type NodeBlock } from '@/lib/chain/ingestion/node-blocks';
import { getLegacySource } from '@/lib/legacy/sources';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import { migrateToLatest } from '@/lib/schema-migrations';
import { loadEnvOrExit } from './lib/runtime';
import { percentile } from './lib/timing';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      blocks: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '20' },
      'legacy-files': { type: 'boolean', default: false },
      'legacy-from': { type: 'string' },
      'file-passes': { type: 'string', default: '20' },
    },
  });
  const legacyFrom = values['legacy-from'];
  const legacyDir = values['legacy-files'] || legacyFrom ? mkdtempSync(path.join(os.tmpdir(), 'pend-bench-chain-files-')) : undefined;
  const fileHead = legacyDir && legacyFrom ? seedChainFiles(legacyFrom, legacyDir) : null;
  const catchUpBlocks = Number(values.blocks);
  const followRounds = Number(values.rounds);
  const config = loadEnvOrExit();
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('bench-chain-ingest'),
    embeddedPort: config.EMBEDDED_PG_PORT + 7,
  });
  const url = await recreateDatabase(server.url, checkoutDatabaseName('pend_admin_bench_chain_ingest'));
  await migrateToLatest(url);
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  const options = { logging: { quiet: true }, wallet: { totalAccounts: 2 } } as unknown as Parameters<typeof ganache.server>[0];
  const node = ganache.server(options);
  await node.listen(0);
  const rpc = <T>(method: string, params: unknown[] = []) => node.provider.request({ method, params } as never) as Promise<T>;
  const client = createPublicClient({ transport: http(`http://127.0.0.1:${(node.address() as AddressInfo).port}`), cacheTime: 0 });
  const [from, to] = await rpc<string[]>('eth_accounts');
  const transfer = () => rpc<string>('eth_sendTransaction', [{ from, to, value: '0x1' }]);
  const storedHead = async () => {
    const [row] = await orm.em.fork().execute<Array<{ head: string | null }>>('SELECT max(block_number)::text AS head FROM chain_ingested_blocks');
    return row.head === null ? -1 : Number(row.head);
  };
  try {
    for (let index = 0; index < catchUpBlocks; index++) await transfer();
    const started = performance.now();
    let ingester = startChainIngester({ orm, node: client, pollMs: 50, legacyDir });
    while ((await storedHead()) < catchUpBlocks) await new Promise((resolve) => setTimeout(resolve, 20));
    const catchUpMs = performance.now() - started;
    await ingester.stop();

    ingester = startChainIngester({ orm, node: client, pollMs: config.CHAIN_POLL_INTERVAL_MS, legacyDir });
    while ((await storedHead()) < catchUpBlocks) await new Promise((resolve) => setTimeout(resolve, 20));
    const follow: number[] = [];
    for (let round = 0; round < followRounds; round++) {
      await transfer();
      const minedAt = performance.now();
      const target = catchUpBlocks + round + 1;
      while ((await storedHead()) < target) await new Promise((resolve) => setTimeout(resolve, 5));
      follow.push(performance.now() - minedAt);
    }
    await ingester.stop();
    const filePasses = legacyDir && fileHead !== null ? await timeFilePasses(legacyDir, fileHead, Number(values['file-passes']), transfer, client) : null;
    console.log(
      `${legacyDir ? 'with the legacy chain files, ' : ''}catch-up: ${catchUpBlocks.toLocaleString('en')} blocks (one transfer each) in ${(catchUpMs / 1000).toFixed(1)} s = ${((catchUpBlocks * 1000) / catchUpMs).toFixed(0)} blocks/s`,
    );
    console.log(
      `following (poll ${config.CHAIN_POLL_INTERVAL_MS} ms): mined → stored p50 ${percentile(follow, 0.5).toFixed(0)} ms, p95 ${percentile(follow, 0.95).toFixed(0)} ms (${follow.length} blocks)`,
    );
    if (filePasses) {
      console.log(
        `file passes (one block after the files' last, both files): p50 ${percentile(filePasses, 0.5).toFixed(0)} ms, p95 ${percentile(filePasses, 0.95).toFixed(0)} ms (${filePasses.length} passes); peak RSS of the process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
      );
    }
  } finally {
    await node.close();
    await orm.close(true);
    await server.stop();
    if (legacyDir) rmSync(legacyDir, { recursive: true, force: true });
  }
}

const CHAIN_FILES = ['full-chain-history', 'persistent-transactions'] as const;

/** Copies `from`'s two chain files into `legacyDir`; returns the highest block number they hold. */
function seedChainFiles(from: string, legacyDir: string): number {
  for (const source of CHAIN_FILES) {
    const { relativePath } = getLegacySource(source);
    mkdirSync(path.dirname(path.join(legacyDir, relativePath)), { recursive: true });
    copyFileSync(path.join(from, relativePath), path.join(legacyDir, relativePath));
  }
  // The files list blocks ascending by number: the last `"number"` of the file's end is its head (the file is not parsed, to keep it out of the peak RSS).
  const bytes = readFileSync(path.join(legacyDir, getLegacySource('full-chain-history').relativePath));
  const numbers = [
    ...bytes
      .subarray(Math.max(0, bytes.length - 8192))
      .toString('utf8')
      .matchAll(/"number": (\d+)/g),
  ];
  const head = Number(numbers.at(-1)?.[1] ?? -1);
  console.log(`legacy chain files from ${from} (${(bytes.length / 1e6).toFixed(1)} MB of blocks up to block ${head})`);
  return head;
}

/**
 * The file writer alone, as one ingester pass calls it: a new block (a transfer mined on the node, renumbered to
 * follow the files' last block, so the blocks file is appended to as well) into both files. Milliseconds per pass.
 */
async function timeFilePasses(legacyDir: string, fileHead: number, passes: number, transfer: () => Promise<string>, client: PublicClient) {
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    await transfer();
    const mined = (await fetchNodeBlock(client, await client.getBlockNumber()))!;
    const number = fileHead + 1 + pass;
    const block: NodeBlock = {
      ...mined,
      number: BigInt(number),
      block: { ...mined.block, number },
      transactions: mined.transactions.map((transaction) => ({ ...transaction, blockNumber: number })),
    };
    const started = performance.now();
    await writeChainFiles(legacyDir, [block]);
    times.push(performance.now() - started);
  }
  return times;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
