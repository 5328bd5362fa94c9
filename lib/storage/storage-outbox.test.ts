import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { drainOutbox } from './storage-outbox';

let orm: MikroORM;

beforeAll(async () => {
  orm = await useTestOrm('owner');
});

describe('drainOutbox', () => {
  it('a source whose mirror fails keeps its entry with the error and does not hold back the sources queued after it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pend-outbox-'));
    // A file where the explorer-data folder should be: the identity map cannot be written below it.
    writeFileSync(path.join(dir, 'explorer-data'), 'not a folder');
    const em = orm.em.fork();
    // Entries other test files of this worker left behind are not this test's.
    await em.execute(`UPDATE storage_outbox SET mirrored_at = now() WHERE mirrored_at IS NULL`);
    const [failing] = await em.execute<Array<{ id: string }>>(`INSERT INTO storage_outbox (source) VALUES ('identity-map') RETURNING id`);
    const [behind] = await em.execute<Array<{ id: string }>>(`INSERT INTO storage_outbox (source) VALUES ('admin-pool-tiers') RETURNING id`);

    expect(await drainOutbox(orm.em.fork(), { sourceDir: dir })).toBe(1);

    expect(existsSync(path.join(dir, 'admin-pool-tiers.json'))).toBe(true);
    const rows = await em.execute<Array<{ id: string; mirrored: boolean; attempts: number; last_error: string | null }>>(
      `SELECT id, mirrored_at IS NOT NULL AS mirrored, attempts, last_error FROM storage_outbox WHERE id IN (?, ?) ORDER BY id`,
      [failing.id, behind.id],
    );
    expect(rows.map(({ mirrored, attempts }) => ({ mirrored, attempts }))).toEqual([
      { mirrored: false, attempts: 1 },
      { mirrored: true, attempts: 1 },
    ]);
    expect(rows[0].last_error).toMatch(/ENOTDIR|EEXIST|not a directory/i);
  });
});
