import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/legacy/canonical-json';
import { generateLegacyFolder, mutateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { checkDrift } from './check-drift';
import { runImport } from './run-import';
import { startSyncWorker } from './sync-worker';

let orm: MikroORM;
let root: string;
const workers: Array<{ stop: () => Promise<void> }> = [];

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-sync-'));
});
// One leader per server: every test's workers step down when it ends, pass or fail.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

describe('sync worker (parallel run)', () => {
  // How fast zero drift comes back is a benchmark (`npm run bench:sync`, target under 10 s), not a test condition.
  it('reaches zero drift after 200 legacy-server writes, measuring lag, with two workers applying each change once', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 8);
    const storageDir = path.join(root, 'kyc');
    await runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir, context: { source: 'cli', actorLabel: 'vitest' } });
    const since = new Date();
    for (const name of ['worker-a', 'worker-b']) {
      const worker = startSyncWorker({ orm, sourceDir: dir, storageDir, name, pollMs: 200, driftEveryMs: 60_000 });
      workers.push(worker);
      await worker.runOnce();
    }

    const changes = mutateLegacyFolder(dir, 8, 200);
    expect(changes.length).toBeGreaterThanOrEqual(200);
    // Waits for the event (zero drift) however slow the machine; the test timeout bounds it.
    let drift = await checkDrift(orm.em.fork(), { sourceDir: dir });
    while (drift.some((source) => source.driftCount !== 0)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      drift = await checkDrift(orm.em.fork(), { sourceDir: dir });
    }

    const events = await orm.em
      .fork()
      .execute<Array<{ worker: string; lag_ms: number | null; source: string }>>(`SELECT worker, lag_ms, source FROM sync_events WHERE committed_at >= ?`, [
        since,
      ]);
    const changedSources = new Set(changes.map((change) => change.file));
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThanOrEqual(changedSources.size * 20);
    expect(new Set(events.map((event) => event.worker)).size).toBe(1);
    expect(events.every((event) => event.lag_ms !== null && event.lag_ms >= 0)).toBe(true);
  }, 120_000);

  it('never imports a half-written file or one under the legacy lock, and picks it up once complete', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 10);
    const storageDir = path.join(root, 'kyc-10');
    await runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir, context: { source: 'cli', actorLabel: 'vitest' } });
    const worker = startSyncWorker({ orm, sourceDir: dir, storageDir, name: 'worker-partial', pollMs: 60_000, driftEveryMs: 60_000 });
    workers.push(worker);
    await worker.runOnce();
    const file = path.join(dir, 'admin-pool-tiers.json');
    const tiers = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    const poolId = Object.keys(tiers)[0];
    const tierInDb = async () =>
      (await orm.em.fork().execute<Array<{ min_tier: number }>>(`SELECT min_tier FROM pool_tiers WHERE legacy_key = ?`, [poolId]))[0].min_tier;
    const before = await tierInDb();
    const changed = JSON.stringify({ ...tiers, [poolId]: before === 5 ? 4 : 5 }, null, 2) + '\n';

    writeFileSync(file, changed.slice(0, changed.length / 2));
    await worker.runOnce();
    expect(await tierInDb()).toBe(before);

    writeFileSync(`${file}.lock`, '12345');
    writeFileSync(file, changed);
    await worker.runOnce();
    expect(await tierInDb()).toBe(before);

    rmSync(`${file}.lock`);
    await worker.runOnce();
    expect(await tierInDb()).toBe(before === 5 ? 4 : 5);
  });

  it('follows a file no table models while the legacy server writes it, so a rollback never gets an old copy', async () => {
    const { dir } = generateLegacyFolder(root, 'small', 12);
    const storageDir = path.join(root, 'kyc-12');
    await runImport(await ownerEm(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir, context: { source: 'cli', actorLabel: 'vitest' } });
    const worker = startSyncWorker({ orm, sourceDir: dir, storageDir, name: 'worker-carried', pollMs: 60_000, driftEveryMs: 60_000, carriedEveryMs: 0 });
    workers.push(worker);
    await worker.runOnce();
    const storedHash = async () =>
      (await orm.em.fork().execute<Array<{ sha256: string }>>(`SELECT sha256 FROM legacy_carried_files WHERE relative_path = 'credentials-db.json'`))[0]
        ?.sha256;
    expect(await storedHash()).toBeUndefined();

    const first = '{"0xabc":{"credentialID":"c1","publicKey":"pk","counter":1}}\n';
    writeFileSync(path.join(dir, 'credentials-db.json'), first);
    await worker.runOnce();
    expect(await storedHash()).toBe(sha256Hex(first));

    const second = '{"0xabc":{"credentialID":"c1","publicKey":"pk","counter":2}}\n';
    writeFileSync(path.join(dir, 'credentials-db.json'), second);
    await worker.runOnce();
    expect(await storedHash()).toBe(sha256Hex(second));
    const [run] = await orm.em
      .fork()
      .execute(`SELECT kind, state, started_by FROM migration_runs WHERE options->>'carriedFiles' = 'true' ORDER BY started_at DESC LIMIT 1`);
    expect(run).toEqual({ kind: 'sync', state: 'validated', started_by: 'worker-carried' });
  });
});
