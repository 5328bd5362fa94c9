import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceMapping } from './source-mapping';
import type { SourceComparison } from './verify-source';

export type WorkerConnection = { parameters: pg.ClientConfig; role: string | null };
export type VerifyWorkerData = { connection: WorkerConnection };
export type CompareTask = { id: number; source: string; keys: string[]; hashes: string[] };
export type WorkerReply = { id: number; comparison: SourceComparison } | { id: number; error: string };

const CLOSE_TIMEOUT_MS = 5_000;

type Pending = { resolve: (comparison: SourceComparison) => void; reject: (error: Error) => void };

// The worker loads TypeScript through tsx's require hook: Node 20 does not pass loader hooks to workers.
// Its entry is found from the project root (every process runs there: npm scripts, Vitest, the Next
// server), not from this module's location, which inside the Next server's bundle is a build chunk.
const workerSource = () => `require('tsx/cjs'); require(${JSON.stringify(path.resolve('lib/migration/verify-worker.ts'))});`;

/**
 * A worker thread that rebuilds and hashes sources from PostgreSQL on a connection of its own, so
 * verification uses the machine's second core while this thread reads and encodes the next source.
 * The connection copies `client`'s server, database, user and role. The in-thread `verifySource`
 * does the same work where no worker can be started.
 */
export class VerifyThread {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) pending?.reject(new Error(reply.error));
      else pending?.resolve(reply.comparison);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      this.exited = true;
      this.failAll(new Error('the verification thread stopped'));
    });
  }

  static async start(client: pg.Client): Promise<VerifyThread> {
    const { rows } = await client.query<{ current: string; session: string }>('SELECT current_user AS current, session_user AS session');
    const { user, host, port, database, password, ssl } = (client as unknown as { connectionParameters: pg.ClientConfig }).connectionParameters;
    const connection: WorkerConnection = {
      parameters: { user, host, port, database, password: typeof password === 'string' ? password : undefined, ssl },
      role: rows[0].current === rows[0].session ? null : rows[0].current,
    };
    const workerData: VerifyWorkerData = { connection };
    return new VerifyThread(
      // The young generation the CLI gets from --max-semi-space-size=64 (two semi-spaces plus V8's third).
      new Worker(workerSource(), { eval: true, workerData, execArgv: ['--conditions=react-server'], resourceLimits: { maxYoungGenerationSizeMb: 192 } }),
    );
  }

  /** `compareSource` for one source, in the worker. */
  compare(mapping: SourceMapping, records: readonly LegacyRecord[]): Promise<SourceComparison> {
    // A thread that has stopped would never answer: fail at once rather than wait forever.
    if (this.exited) return Promise.reject(new Error('the verification thread stopped'));
    const id = this.nextId++;
    const task: CompareTask = { id, source: mapping.source, keys: records.map((record) => record.key), hashes: records.map((record) => record.hash) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(task);
    });
  }

  /** Closes the worker's connection and ends the thread (forcibly if it does not end within seconds). */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ close: true });
    const timer = setTimeout(() => void this.worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
