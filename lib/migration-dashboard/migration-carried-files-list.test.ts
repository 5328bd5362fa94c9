import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findCarriedFilePage } from './migration-findings.repository';
import { listCarriedFilesQuerySchema } from './migration-dashboard.schemas';

let orm: MikroORM;
// A folder of this file's own: the search narrows every query to these files, removed afterwards.
const folder = `carried-grid-${crypto.randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  orm = await useTestOrm();
  const em = orm.em.fork();
  const [run] = await em.execute<Array<{ id: string }>>(
    `INSERT INTO migration_runs (kind, state, source_dir, started_by, started_at) VALUES ('import', 'validated', '/legacy', 'vitest', '2026-09-01Z') RETURNING id`,
  );
  // 30 files f01…f30 of i × 10 bytes; every third an unreferenced KYC upload, the others unmodelled files.
  await em.execute(
    `INSERT INTO legacy_carried_files (relative_path, reason, size_bytes, sha256, storage_path, run_id)
     SELECT ? || '/f' || lpad(i::text, 2, '0') || '.json', CASE WHEN i % 3 = 0 THEN 'unreferenced-upload' ELSE 'unmodelled-file' END, i * 10, repeat('a', 64), 'carried/' || i, ?::uuid
       FROM generate_series(1, 30) i`,
    [folder, run.id],
  );
});

afterAll(async () => {
  await orm.em.fork().execute(`DELETE FROM legacy_carried_files WHERE relative_path LIKE ?`, [`${folder}/%`]);
});

const page = (params: Record<string, string> = {}) => findCarriedFilePage(orm.em.fork(), listCarriedFilesQuerySchema.parse({ q: folder, ...params }));
const file = (index: number) => `${folder}/f${String(index).padStart(2, '0')}.json`;

describe('carried files list query', () => {
  it('pages forwards and back by path, with an exact total', async () => {
    const first = await page();
    expect(first.total).toEqual({ kind: 'exact', value: 30 });
    expect(first.rows.map((row) => row.relative_path)).toEqual(Array.from({ length: 25 }, (_, index) => file(index + 1)));
    const second = await page({ cursor: first.nextCursor! });
    expect(second.rows.map((row) => row.relative_path)).toEqual([26, 27, 28, 29, 30].map(file));
    expect(second.nextCursor).toBeNull();
    const back = await page({ cursor: second.prevCursor!, direction: 'prev' });
    expect(back.rows.map((row) => row.relative_path)).toEqual(first.rows.map((row) => row.relative_path));
  });

  it('filters by why a file is carried', async () => {
    const uploads = await page({ reason: 'unreferenced-upload' });
    expect(uploads.total).toEqual({ kind: 'exact', value: 10 });
    expect(uploads.rows.every((row) => row.reason === 'unreferenced-upload')).toBe(true);
  });

  it('sorts by size, largest first', async () => {
    const rows = (await page({ sort: 'sizeBytes.desc' })).rows;
    expect(rows.slice(0, 3).map((row) => [row.relative_path, Number(row.size_bytes)])).toEqual([
      [file(30), 300],
      [file(29), 290],
      [file(28), 280],
    ]);
  });
});
