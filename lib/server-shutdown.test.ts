import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';

let orm: MikroORM;

beforeAll(async () => {
  orm = await useTestOrm();
});

/** Runs lib/testing/shutdown-process.ts (queue three attempts, then SIGTERM) and says how it ended. */
async function queueThenTerminate(requestPath: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: string | null }> {
  const child = promisify(execFile)(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', path.resolve('lib/testing/shutdown-process.ts'), requestPath],
    {
      env,
    },
  );
  try {
    await child;
    return { code: 0, signal: null };
  } catch (error) {
    const { code, signal } = error as { code: number | null; signal: string | null };
    return { code, signal };
  }
}

const auditedAttempts = (requestPath: string) =>
  orm.em
    .fork()
    .execute<Array<{ action: string; actor_label: string }>>(
      `SELECT action, actor_label FROM audit_trail WHERE source = 'legacy-api' AND new_values ->> 'path' = ?`,
      [requestPath],
    );

describe('server shutdown', () => {
  it('SIGTERM writes the queued ADMIN_ACCESS audit entries before the pool closes, then exits with 143', async () => {
    const requestPath = `/api/admin/shutdown-${randomUUID()}`;
    const ended = await queueThenTerminate(requestPath, { ...process.env, NEXT_RUNTIME: 'nodejs', NEXT_MANUAL_SIG_HANDLE: 'true' });
    expect(ended).toEqual({ code: 143, signal: null });
    expect(await auditedAttempts(requestPath)).toEqual(Array.from({ length: 3 }, () => ({ action: 'ADMIN_ACCESS', actor_label: 'legacy server' })));
  });
});
