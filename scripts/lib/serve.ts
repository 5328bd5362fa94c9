import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NEXT_BIN } from './build';
import { prepareRuntime, type Runtime } from './runtime';

// Imports and verifications allocate millions of short-lived objects: a larger young generation
// (V8's default is 16 MB) spares most of them a promotion, and a run ~25% of its time (docs/decisions/031).
const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';
/** Gives the app the TCP peer's address (lib/request-info.ts): Next's handlers never see the socket. */
export const PEER_ADDRESS_PRELOAD = `--import "${pathToFileURL(path.resolve('scripts', 'lib', 'peer-address.mjs')).href}"`;

/**
 * Prepares the runtime, runs `beforeServe` on it, then runs Next (`start` or `dev`) until it exits or
 * we are signalled; the embedded database is stopped cleanly either way.
 */
export async function serve(mode: 'start' | 'dev', beforeServe: (runtime: Runtime) => Promise<void> = async () => undefined): Promise<void> {
  const runtime = await prepareRuntime();
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await runtime.stop();
    process.exit(code);
  };
  try {
    await beforeServe(runtime);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
  const next = spawn(NEXT_BIN, [mode, '--port', String(runtime.config.PORT)], {
    stdio: 'inherit',
    env: { ...runtime.childEnv, NODE_OPTIONS: [runtime.childEnv.NODE_OPTIONS, YOUNG_GENERATION_FLAG, PEER_ADDRESS_PRELOAD].filter(Boolean).join(' ') },
  });
  // The parallel-run sync worker runs beside the app whenever there is a legacy folder to follow.
  const worker =
    runtime.config.LEGACY_DATA_DIR && runtime.config.SYNC_WORKER
      ? spawn(path.resolve('node_modules', '.bin', 'tsx'), [YOUNG_GENERATION_FLAG, '--conditions=react-server', 'scripts/worker.ts'], {
          stdio: 'inherit',
          env: runtime.childEnv,
        })
      : null;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      next.kill(signal);
      worker?.kill(signal);
    });
  }
  next.on('exit', (code) => void shutdown(code ?? 0));
}
