import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { SourceId } from '@/lib/legacy/sources';
import { SOURCE_MAPPINGS } from './mappings';
import type { CompareTask, VerifyWorkerData, WorkerReply } from './verify-thread';
import { compareSource } from './verify-source';

// Worker-thread side of `VerifyThread`: one connection of its own, one comparison at a time.
const { connection } = workerData as VerifyWorkerData;
let connected: Promise<pg.Client> | null = null;

function database(): Promise<pg.Client> {
  connected ??= (async () => {
    const client = new pg.Client(connection.parameters);
    await client.connect();
    await client.query(`SET TIME ZONE 'UTC'${connection.role ? `; SET ROLE ${client.escapeIdentifier(connection.role)}` : ''}`);
    return client;
  })();
  return connected;
}

async function compare(task: CompareTask): Promise<WorkerReply> {
  try {
    const mapping = SOURCE_MAPPINGS[task.source as SourceId];
    if (!mapping) throw new Error(`no table mapping for ${task.source}`);
    const legacyHashes = new Map(task.keys.map((key, index) => [key, task.hashes[index]]));
    return { id: task.id, comparison: await compareSource(await database(), mapping, legacyHashes) };
  } catch (error) {
    return { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
}

// Tasks may arrive while one runs; they share the connection, so they run one after another.
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (message: CompareTask | { close: true }) => {
  if ('close' in message) {
    queue = queue.then(() => (connected ?? Promise.resolve(null)).then((client) => client?.end())).finally(() => parentPort!.close());
    return;
  }
  queue = queue.then(() => compare(message).then((reply) => parentPort!.postMessage(reply)));
});
