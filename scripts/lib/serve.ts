import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { startAuditAnchoring } from '@/lib/audit/audit-anchor';
import { NEXT_BIN } from './build';
import { prepareRuntime, type Runtime } from './runtime';

// Imports and verifications allocate millions of short-lived objects: a larger young generation
// (V8's default is 16 MB) spares most of them a promotion, and a run ~25% of its time (docs/decisions/031).
const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';
/** Gives the app the TCP peer's address (lib/request-info.ts): Next's handlers never see the socket. */
export const PEER_ADDRESS_PRELOAD = `--import "${pathToFileURL(path.resolve('scripts', 'lib', 'peer-address.mjs')).href}"`;

/** The Node options Next runs with under `npm start`; benchmarks start Next with them too, to measure what ships. */
export function nextNodeOptions(inherited: string | undefined): string {
  return [inherited, YOUNG_GENERATION_FLAG, PEER_ADDRESS_PRELOAD].filter(Boolean).join(' ');
}

/**
 * V8 lets the old generation grow up to 4× its live size before a full collection; a streamed export
 * (garbage promoted page after page, nothing kept) then held ~110 MB of dead objects. Growing by 20% at
 * most keeps the server near its live size at ~10% of an export's speed (decision 076). A V8 flag is not
 * allowed in NODE_OPTIONS, so Next's bin is run by this node with it.
 */
const HEAP_GROWING_FLAG = '--heap-growing-percent=20';

/** The command that runs `next <args>` as `npm start` runs it (and the benchmarks, to measure what ships). */
export function nextCommand(args: string[]): [string, string[]] {
  return [process.execPath, [HEAP_GROWING_FLAG, NEXT_BIN, ...args]];
}

/**
 * Prepares the runtime, runs `beforeServe` on it, then runs Next (`start` or `dev`) until it exits or
 * we are signalled; the embedded database is stopped cleanly either way.
 */
export async function serve(mode: 'start' | 'dev', beforeServe: (runtime: Runtime) => Promise<void> = async () => undefined): Promise<void> {
  const runtime = await prepareRuntime();
  const anchoring = await startAnchoring(runtime);
  let jobs: ChildProcess | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopChild(jobs);
    await anchoring.stop();
    await runtime.stop();
    process.exit(code);
  };
  try {
    await beforeServe(runtime);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
  const next = spawn(...nextCommand([mode, '--port', String(runtime.config.PORT)]), {
    stdio: 'inherit',
    env: {
      ...runtime.nextEnv,
      NODE_OPTIONS: nextNodeOptions(runtime.nextEnv.NODE_OPTIONS),
      // The app's own signal handler (instrumentation.ts) writes the queued audit entries before it exits.
      NEXT_MANUAL_SIG_HANDLE: 'true',
    },
  });
  // The parallel-run sync worker runs beside the app whenever there is a legacy folder to follow.
  const worker =
    runtime.config.LEGACY_DATA_DIR && runtime.config.SYNC_WORKER
      ? spawn(path.resolve('node_modules', '.bin', 'tsx'), [YOUNG_GENERATION_FLAG, '--conditions=react-server', 'scripts/worker.ts'], {
          stdio: 'inherit',
          env: runtime.childEnv,
        })
      : null;
  // The chain ingester runs beside the app whenever there is a node to follow (decision 069).
  const ingester = runtime.config.CHAIN_RPC_URL
    ? spawn(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/chain-ingest.ts'], { stdio: 'inherit', env: runtime.childEnv })
    : null;
  // The job runner (background and scheduled exports, recurring jobs) always runs beside the app (decision 068).
  jobs = spawn(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/jobs.ts'], { stdio: 'inherit', env: runtime.childEnv });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      next.kill(signal);
      worker?.kill(signal);
      ingester?.kill(signal);
      jobs?.kill(signal);
    });
  }
  next.on('exit', (code) => void shutdown(code ?? 0));
}

/** The audit chain head is signed into BACKUP_DIR and the log every AUDIT_ANCHOR_INTERVAL_SECONDS while the app runs (decision 062). */
async function startAnchoring(runtime: Runtime): Promise<{ stop: () => Promise<void> }> {
  const config = createOrmConfig({ clientUrl: runtime.childEnv.DATABASE_URL });
  const orm = await MikroORM.init({ ...config, pool: { ...config.pool, min: 0, max: 1 } });
  const anchoring = startAuditAnchoring({
    em: () => orm.em.fork(),
    key: runtime.childEnv.AUDIT_ANCHOR_KEY!,
    backupDir: runtime.config.BACKUP_DIR,
    intervalSeconds: runtime.config.AUDIT_ANCHOR_INTERVAL_SECONDS,
    log: (line) => console.log(line),
  });
  return {
    stop: async () => {
      await anchoring.stop();
      await orm.close(true);
    },
  };
}

/** Asks a child to stop (SIGTERM: the job runner lets running jobs finish) and waits for it, up to 35 s. */
async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 35_000).unref())]);
}
