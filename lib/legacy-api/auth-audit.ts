import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cleanIp, type AuditContext } from '@/lib/audit/audit-context';
import { withEm } from '@/lib/db';
import { isDatabaseReachable, noteDatabaseAnswered } from './database-probe';

export type AuthAttempt = {
  action: 'ADMIN_ACCESS' | 'ADMIN_AUTH_FAILED';
  method: string;
  path: string;
  reason?: string;
  context: AuditContext;
  attemptedAt: string;
};

const FLUSH_INTERVAL_MS = 250;
const FLUSH_AT = 200;
// While PostgreSQL is down attempts wait here; past this many the oldest are dropped (and said so in the log).
const MAX_PENDING = 50_000;
const ROWS_PER_INSERT = 500;

type Queue = { pending: AuthAttempt[]; flushing: Promise<void> | null; timer: NodeJS.Timeout | null };
const holder = globalThis as typeof globalThis & { __pendAuthAudit?: Queue };
const queue = (holder.__pendAuthAudit ??= { pending: [], flushing: null, timer: null });

/**
 * Records one `X-Admin-Key` attempt in the audit trail (source `legacy-api`). Attempts are written in
 * batches: each audit row takes the chain's advisory lock, so one transaction per request would cap
 * the admin API at the commit rate. A batch is one transaction holding the lock once; it is written
 * within FLUSH_INTERVAL_MS, and kept for the next flush while the database is unreachable.
 */
export function recordAuthAttempt(attempt: AuthAttempt): void {
  queue.pending.push(attempt);
  if (queue.pending.length > MAX_PENDING) {
    const dropped = queue.pending.splice(0, queue.pending.length - MAX_PENDING);
    console.error(
      `legacy-api: ${dropped.length} admin-key attempts dropped unaudited (backlog over ${MAX_PENDING}, database unreachable or too slow)`,
      dropped.at(-1),
    );
  }
  if (queue.pending.length >= FLUSH_AT) void flushAuthAttempts();
  else queue.timer ??= setTimeout(() => void flushAuthAttempts(), FLUSH_INTERVAL_MS).unref();
}

/** Writes every pending attempt; resolves when they are committed (or left queued because the database is down). */
export async function flushAuthAttempts(): Promise<void> {
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  while (queue.flushing) await queue.flushing;
  if (!queue.pending.length) return;
  const batch = queue.pending.splice(0, queue.pending.length);
  queue.flushing = writeBatch(batch)
    .catch((error: unknown) => {
      queue.pending.unshift(...batch);
      console.error('legacy-api: auditing admin-key attempts failed; they stay queued', error);
      queue.timer ??= setTimeout(() => void flushAuthAttempts(), FLUSH_INTERVAL_MS * 8).unref();
    })
    .finally(() => {
      queue.flushing = null;
    });
  await queue.flushing;
}

/**
 * The server's last write before its pool closes (`lib/server-shutdown.ts`): every queued attempt,
 * including those queued while the final batches commit. What still cannot be written (the database
 * is gone) is printed to the log, one JSON line per attempt, so no admin-key attempt disappears
 * without a trace. Resolves with the number left unwritten.
 */
export async function flushAuthAttemptsBeforeExit(): Promise<number> {
  await flushAuthAttempts();
  while (queue.pending.length && (await isDatabaseReachable())) {
    const before = queue.pending.length;
    await flushAuthAttempts();
    if (queue.pending.length >= before) break;
  }
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const unwritten = queue.pending.splice(0, queue.pending.length);
  for (const attempt of unwritten) console.error(`legacy-api: admin-key attempt not audited at shutdown ${JSON.stringify(attempt)}`);
  return unwritten.length;
}

/**
 * The same row `recordAuditEvent` writes, for many events in one statement: the chain trigger still
 * runs per row (each sees the rows before it), but a batch costs one round trip instead of one per
 * event, which is what keeps the audit of every admin-key request ahead of the request rate.
 */
async function insertAttempts(em: EntityManager, attempts: AuthAttempt[]): Promise<void> {
  const rows = attempts.map(() => '(?, ?, ?, NULL, ?::jsonb, NULL, ?, ?, ?::inet, ?)').join(', ');
  const params = attempts.flatMap((attempt) => [
    'legacy_api',
    `${attempt.method} ${attempt.path}`.slice(0, 255),
    attempt.action,
    JSON.stringify({ method: attempt.method, path: attempt.path, attemptedAt: attempt.attemptedAt, ...(attempt.reason ? { reason: attempt.reason } : {}) }),
    attempt.context.actorLabel?.slice(0, 254) ?? null,
    attempt.context.source,
    cleanIp(attempt.context.ip),
    attempt.context.userAgent?.slice(0, 512) ?? null,
  ]);
  await em.execute(
    `INSERT INTO audit_trail (table_name, record_id, action, old_values, new_values, changed_by, actor_label, source, ip_address, user_agent) VALUES ${rows}`,
    params,
  );
}

async function writeBatch(batch: AuthAttempt[]): Promise<void> {
  if (!(await isDatabaseReachable())) throw new Error('database unreachable');
  await withEm((em) =>
    em.transactional(async (tx) => {
      for (let start = 0; start < batch.length; start += ROWS_PER_INSERT) await insertAttempts(tx, batch.slice(start, start + ROWS_PER_INSERT));
    }),
  );
  noteDatabaseAnswered();
}
