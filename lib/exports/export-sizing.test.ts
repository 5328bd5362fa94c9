import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { findAuditPage } from '@/lib/audit/audit.repository';
import { listAuditQuerySchema } from '@/lib/audit/audit.schemas';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { countExportRows, planExport } from './plan-export';
import { queueExportIfLarge } from './queue-export';

// Above the grids' 1,000-row count cap, so only an export-sized count can tell the two sets apart (env() is parsed once per test file).
process.env.EXPORT_BACKGROUND_THRESHOLD_ROWS = '1500';

let orm: MikroORM;
let auditor: Actor;
const table = `sz_${crypto.randomUUID().slice(0, 8)}`;
// 1,200 LOGIN rows (below the threshold, above the grid's cap) and 1,800 UPDATE rows (above the threshold).
const LOGINS = 1_200;
const UPDATES = 1_800;

beforeAll(async () => {
  orm = await useTestOrm();
  await orm.em.fork().execute(
    `INSERT INTO audit_trail (table_name, record_id, action, actor_label, source)
     SELECT ?, 'r' || n, CASE WHEN n <= ? THEN 'LOGIN' ELSE 'UPDATE' END, 'export-sizing@test.pend', 'system' FROM generate_series(1, ?) n`,
    [table, LOGINS, LOGINS + UPDATES],
  );
  const { user } = await createAdminUser(orm.em.fork(), { email: randomEmail('auditor'), name: 'Sizing auditor', role: 'auditor' });
  auditor = { id: user.id, email: user.email, name: user.name, role: user.role };
}, 120_000);

const request = (filter: string) => ({
  actor: auditor,
  audit: { actorId: auditor.id, actorLabel: auditor.email, source: 'admin-ui' as const },
  gridId: 'audit',
  params: new URLSearchParams(`format=csv&table=${table}&${filter}`),
});

describe('sizing a filtered export', () => {
  it('counts a filtered set exactly up to the threshold with the grid’s own query, while the grid itself still says "1,000+"', async () => {
    const plan = planExport({ actor: auditor, gridId: 'audit', params: new URLSearchParams(`format=csv&table=${table}&action=LOGIN`) });
    expect(await countExportRows(orm.em.fork(), plan, 1_500)).toEqual({ kind: 'exact', value: LOGINS });
    const updates = planExport({ actor: auditor, gridId: 'audit', params: new URLSearchParams(`format=csv&table=${table}&action=UPDATE`) });
    expect(await countExportRows(orm.em.fork(), updates, 1_500)).toEqual({ kind: 'atLeast', value: 1_500 });
    const page = await findAuditPage(orm.em.fork(), listAuditQuerySchema.parse({ table, action: 'LOGIN', pageSize: '25' }));
    expect(page.total).toEqual({ kind: 'atLeast', value: 1_000 });
  });

  it('queues a filtered export above the threshold and streams one below it (both beyond the grid’s 1,000-row cap)', async () => {
    expect(await queueExportIfLarge(orm.em.fork(), request('action=LOGIN'))).toBeNull();
    const queued = await queueExportIfLarge(orm.em.fork(), request('action=UPDATE'));
    expect(queued).toMatchObject({ state: 'queued', is_background: true, grid: 'audit', expected_rows: null });
    expect(queued!.filter).toEqual({ table, action: 'UPDATE' });
  });
});
