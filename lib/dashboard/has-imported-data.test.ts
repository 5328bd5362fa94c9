import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '@/lib/testing/fresh-database';
import { hasImportedData } from './has-imported-data';

let orm: MikroORM;

beforeAll(async () => {
  ({ orm } = await useFreshDatabase('pend_admin_dashboard'));
});

beforeEach(async () => {
  await orm.em.fork().execute(`DELETE FROM migration_runs`);
});

const addRun = (kind: 'import' | 'verify', state: 'running' | 'validated' | 'mismatched' | 'error') =>
  orm.em.fork().execute(`INSERT INTO migration_runs (kind, state, source_dir, started_by) VALUES (?, ?, '/legacy', 'vitest')`, [kind, state]);

describe('hasImportedData', () => {
  it('is false on a database no import has run against', async () => {
    expect(await hasImportedData(orm.em.fork())).toBe(false);
  });

  it('is false while the only import is running or after it failed, and after a verify run alone', async () => {
    await addRun('import', 'running');
    await addRun('import', 'error');
    await addRun('verify', 'validated');
    expect(await hasImportedData(orm.em.fork())).toBe(false);
  });

  it('is true once an import has finished, validated or with mismatches', async () => {
    await addRun('import', 'mismatched');
    expect(await hasImportedData(orm.em.fork())).toBe(true);
    await orm.em.fork().execute(`DELETE FROM migration_runs`);
    await addRun('import', 'validated');
    expect(await hasImportedData(orm.em.fork())).toBe(true);
  });
});
