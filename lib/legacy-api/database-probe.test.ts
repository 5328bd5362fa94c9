import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isDatabaseReachable, noteDatabaseAnswered } from './database-probe';

// Each probe's connection attempt waits here until the test fails it, as a probe stuck behind a busy event loop would.
const pending: Array<(error: Error) => void> = [];
vi.mock('pg', () => ({
  default: {
    Client: class {
      on() {}
      connect() {
        return new Promise<void>((_resolve, reject) => pending.push(reject));
      }
      query() {}
      end() {
        return Promise.resolve();
      }
    },
  },
}));

type ProbeState = { reachable: boolean | null; failures: number; checkedAt: number; inflight: Promise<boolean> | null; answers: number };
const state = () => (globalThis as typeof globalThis & { __pendDbProbe: ProbeState }).__pendDbProbe;

/** Lets the stale state start a probe, then fails that probe and waits for its verdict. */
async function failNextProbe(whileWaiting?: () => void): Promise<void> {
  state().checkedAt = 0;
  await isDatabaseReachable();
  const inflight = state().inflight;
  expect(inflight, 'a stale state starts a probe').not.toBeNull();
  whileWaiting?.();
  pending.shift()!(new Error('timeout expired'));
  await inflight;
}

describe('database probe', () => {
  beforeEach(() => {
    pending.length = 0;
    Object.assign(state(), { reachable: true, failures: 0, checkedAt: Date.now(), inflight: null });
  });

  it('two failed probes in a row with no query answering in between declare the database down', async () => {
    await failNextProbe();
    expect(state().reachable, 'one miss is forgiven').toBe(true);
    await failNextProbe();
    expect(state().reachable).toBe(false);
  });

  it('probes that time out while pool queries keep answering leave the database up (no fallback to the files under load)', async () => {
    await failNextProbe(() => noteDatabaseAnswered());
    await failNextProbe(() => noteDatabaseAnswered());
    await failNextProbe(() => noteDatabaseAnswered());
    expect(state().reachable).toBe(true);
    expect(state().failures).toBe(0);
  });

  it('an answered query does not bring back a database the probes declared down: only a passing probe does', async () => {
    await failNextProbe();
    await failNextProbe();
    noteDatabaseAnswered();
    expect(state().reachable).toBe(false);
  });
});
