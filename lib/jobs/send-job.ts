import PgBoss from 'pg-boss';
import { createOrmConfig } from '@/mikro-orm.config';
import { createBoss } from './create-boss';

const cache = globalThis as unknown as { __PEND_JOB_SENDER__?: Promise<PgBoss> };

/** The app's sender: one small pool per process, on the app login, cached on `globalThis` (dev re-evaluates modules). */
export function jobSender(): Promise<PgBoss> {
  cache.__PEND_JOB_SENDER__ ??= (async () => {
    const boss = createBoss({ connectionString: createOrmConfig().clientUrl! });
    boss.on('error', (error) => console.error(error));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    cache.__PEND_JOB_SENDER__ = undefined;
    throw error;
  });
  return cache.__PEND_JOB_SENDER__;
}

/** Sends a job; with `id` set, sending the same id twice queues it once (scheduled runs are idempotent). */
export async function sendJob(name: string, data: object, options: { id?: string; startAfter?: Date; singletonKey?: string } = {}): Promise<string | null> {
  const boss = await jobSender();
  return boss.send(name, data, options);
}
