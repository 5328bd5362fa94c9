import 'server-only';
import { closeOrm } from '@/lib/db';
import { flushAuthAttemptsBeforeExit } from '@/lib/legacy-api/auth-audit';

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

let stopping: Promise<void> | null = null;

/**
 * What the app server does before it exits: the queued admin-key audit entries are written (design.md
 * §5: every attempt is audited), then the pool is closed. In that order: a pool closed first would
 * leave the queue nothing to write with.
 */
export function shutDownServer(): Promise<void> {
  stopping ??= flushAuthAttemptsBeforeExit().then(closeOrm);
  return stopping;
}

/**
 * Runs `shutDownServer` on SIGINT and SIGTERM. With NEXT_MANUAL_SIG_HANDLE set (how `npm start` and the
 * benches run Next), Next leaves the signals to us and the process exits once the shutdown is done;
 * without it Next exits on its own after closing its server, and the flush runs in the meantime.
 */
export function handleShutdownSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void shutDownServer()
        .catch((error: unknown) => console.error('shutdown: flushing the audit queue failed', error))
        .finally(() => {
          if (process.env.NEXT_MANUAL_SIG_HANDLE) process.exit(SIGNAL_EXIT_CODES[signal]);
        });
    });
  }
}
