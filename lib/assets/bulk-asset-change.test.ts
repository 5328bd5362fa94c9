import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as assetRoute from '@/app/api/admin/assets/route';
import { applyBulkAssetChangeAction, previewBulkAssetChangeAction, transitionAssetAction } from '@/app/(admin)/assets/asset-lifecycle-actions';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { getOrm } from '@/lib/db';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { DEVELOPMENT_ADMIN_KEY } from '@/lib/legacy-api/admin-key';
import { flushAuthAttempts } from '@/lib/legacy-api/auth-audit';
import { call } from '@/lib/legacy-api/testing';
import { drainOutbox } from '@/lib/storage/storage-outbox';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { applyBulkAssetChange, DRAFTS_ARE_PUBLISHED_ONE_BY_ONE, previewBulkAssetChange } from './bulk-asset-change';
import { BULK_ASSET_LIMIT } from './bulk-asset-change.schemas';
import { bulkAssetReportCsv } from './bulk-asset-report-csv';
import { insertGeneratedAssets } from './generate-assets';
import { generatedAssetId, generatedOpportunity, importGeneratedOpportunities, writeGeneratedOpportunities } from './testing/generated-assets';
import { transitionAsset } from './transition-asset';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { setStorageModeForTest } from '@/lib/testing/storage-mode';

// Counts the legacy file writes (the protocol itself is unchanged).
const fileWrites = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/storage/legacy-file-lock', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/storage/legacy-file-lock')>();
  return {
    ...actual,
    writeFileAtomically: async (...args: Parameters<typeof actual.writeFileAtomically>) => {
      fileWrites.count += 1;
      return actual.writeFileAtomically(...args);
    },
  };
});
// The server actions run as whoever this session names; outside Next there is no request to read it from.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/next-auth', async () => {
  const { testAuthSession } = await import('@/lib/testing/test-session');
  return { auth: () => testAuthSession(session.userId) };
});
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(new Headers({ 'user-agent': 'vitest' })) }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const root = mkdtempSync(path.join(os.tmpdir(), 'pend-bulk-assets-'));
const dir = path.join(root, 'legacy');
// Set before anything reads the environment (env() parses it once): the actions' legacy data folder.
process.env.LEGACY_DATA_DIR = dir;

const context = { source: 'admin-ui' as const, actorLabel: 'vitest-bulk' };
const ASSETS = 1_000;
const QUARANTINED_ID = 'opp_bulk_quarantined';
const DRAFT_ID = 'opp_bulk_draft';
const INCOMPLETE_DRAFT_ID = 'opp_bulk_incomplete_draft';
const COMPLETED_ID = 'opp_bulk_completed';
const INJECTION_ID = 'opp_bulk_injection';
const INJECTION_TITLE = '=HYPERLINK("http://evil.example","x")\n<script>alert(1)</script>';
const idOf = generatedAssetId;
let orm: MikroORM;
let file: string;

/** The members a generated opportunity lacks and publishing requires. */
const EVERY_OTHER_FIELD: JsonObject = {
  description: 'A solar farm near Aswan selling power to the national grid under a twenty-year contract.',
  expectedROI: 12,
  lockupPeriod: 90,
  minimumInvestment: 100,
  softCap: 50,
  deadline: '2027-06-30',
  contactFormat: 'email',
  contactValue: 'invest@pend.example',
  location: 'Aswan',
  image: '/uploads/assets/solar.webp',
  jurisdiction: 'Egypt',
  spvName: 'Pend SPV Egypt',
  custodyType: 'Pend-owned',
  minTierRequired: 1,
  legalDocuments: [],
  assetManagerProfile: { name: 'Nour Asset Management' },
  sector: 'Energy',
  roiModel: 'Harvest',
  highlights: ['Solar'],
  impact: 'Clean power for 2,000 homes',
};

const setMode = (mode: StorageMode) => setStorageModeForTest(orm.em.fork(), mode);

function fileRecord(id: string): JsonObject | undefined {
  const { opportunities } = JSON.parse(readFileSync(file, 'utf8')) as { opportunities: JsonObject[] };
  return opportunities.find((record) => record.id === id);
}

async function dbRow(id: string): Promise<{ status: string; status_legacy: string | null; category: string; archived_at: string | null }> {
  const [row] = await orm.em
    .fork()
    .execute(`SELECT status, status_legacy, category, extra ->> 'archivedAt' AS archived_at FROM assets WHERE legacy_key = ?`, [id]);
  return row as never;
}

type AuditRow = { seq: string; action: string; record_id: string; actor_label: string; changed_at: string; old_values: JsonObject; new_values: JsonObject };

async function auditSince(seq: string, action?: string): Promise<AuditRow[]> {
  return orm.em
    .fork()
    .execute<AuditRow[]>(
      `SELECT seq::text, action, record_id, actor_label, changed_at::text, old_values, new_values FROM audit_trail WHERE seq > ?::bigint ${action ? 'AND action = ?' : ''} ORDER BY seq`,
      action ? [seq, action] : [seq],
    );
}

/** The audit head, after the admin-key attempts of earlier tests' legacy calls are written (they are batched: lib/legacy-api/auth-audit.ts). */
async function lastSeq(): Promise<string> {
  await flushAuthAttempts();
  const [row] = await orm.em.fork().execute<Array<{ seq: string }>>(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit_trail`);
  return row.seq;
}

const payload = (input: unknown) => {
  const form = new FormData();
  form.set('payload', JSON.stringify(input));
  return form;
};

beforeAll(async () => {
  orm = await useTestOrm();
  const withoutStatus: JsonObject = { ...generatedOpportunity(ASSETS), id: QUARANTINED_ID };
  delete withoutStatus.status;
  file = writeGeneratedOpportunities(dir, ASSETS, [
    withoutStatus,
    { ...generatedOpportunity(ASSETS + 1), ...EVERY_OTHER_FIELD, id: DRAFT_ID, status: 'approved', category: 'Bulk test' },
    { ...generatedOpportunity(ASSETS + 4), id: INCOMPLETE_DRAFT_ID, status: 'draft', category: 'Drafts' },
    { ...generatedOpportunity(ASSETS + 2), id: COMPLETED_ID, status: 'Completed', category: 'Bulk test' },
    { ...generatedOpportunity(ASSETS + 3), id: INJECTION_ID, title: INJECTION_TITLE, category: 'Bulk test' },
  ]);
  await setMode('json-primary');
  await importGeneratedOpportunities(orm.em.fork(), { root, dir, context });
});

beforeEach(() => {
  fileWrites.count = 0;
});

afterAll(async () => {
  await setMode('json-primary');
  await (await getOrm()).close(true);
});

describe('bulk asset changes: preview', () => {
  it('over "all matching" the grid filter, counts what would change and what would be skipped and why, writing nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const seq = await lastSeq();
    const preview = await previewBulkAssetChange(orm.em.fork(), {
      scope: { kind: 'matching', filter: 'category=Bulk+test&sort=created.asc' },
      change: { operation: 'status', status: 'closed', reason: 'Round fully funded' },
    });
    expect(preview.ids.sort()).toEqual([COMPLETED_ID, DRAFT_ID, INJECTION_ID].sort());
    expect(preview.willChange).toBe(1);
    expect(preview.skipped).toEqual(
      expect.arrayContaining([
        { reason: 'already closed', count: 1 },
        { reason: 'draft assets cannot become closed', count: 1 },
      ]),
    );
    expect(preview.sample[0]).toMatchObject({ id: INJECTION_ID, outcome: 'applied', from: 'active', to: 'closed' });
    const publish = await previewBulkAssetChange(orm.em.fork(), {
      scope: { kind: 'matching', filter: 'category=Bulk+test' },
      change: { operation: 'status', status: 'active' },
    });
    expect(publish).toMatchObject({ willChange: 0 });
    expect(publish.skipped).toEqual(
      expect.arrayContaining([
        { reason: DRAFTS_ARE_PUBLISHED_ONE_BY_ONE, count: 1 },
        { reason: 'closed assets cannot become active', count: 1 },
        { reason: 'already active', count: 1 },
      ]),
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await auditSince(seq)).toEqual([]);
  });

  it('over "all matching" with no filter, covers every asset (quarantined records are not in the table)', async () => {
    const preview = await previewBulkAssetChange(orm.em.fork(), { scope: { kind: 'matching', filter: '' }, change: { operation: 'minTier', minTier: 2 } });
    expect(preview.ids).toHaveLength(ASSETS + 4);
  });

  it('counts ticked rows that no longer exist as skipped, not found', async () => {
    const preview = await previewBulkAssetChange(orm.em.fork(), {
      scope: { kind: 'rows', ids: [idOf(1), 'opp_gone'] },
      change: { operation: 'category', category: 'Energy' },
    });
    expect(preview).toMatchObject({ ids: [idOf(1)], willChange: 1, skipped: [{ reason: 'not found', count: 1 }] });
  });
});

describe('bulk asset changes: apply', () => {
  const bulkIds = () => [...Array.from({ length: ASSETS - 10 }, (_, index) => idOf(index + 10)), 'opp_missing', QUARANTINED_ID, idOf(10), DRAFT_ID];

  it("pg-primary: 1,000 ids get a per-row report and one correlated audit event naming every row, in the rows' transaction", async () => {
    await setMode('pg-primary');
    const seq = await lastSeq();
    const report = await applyBulkAssetChange(orm.em.fork(), { ids: bulkIds(), change: { operation: 'status', status: 'paused' } }, { context });
    expect(report.mode).toBe('pg-primary');
    expect(report.totals).toEqual({ applied: ASSETS - 10, skipped: 3, failed: 1 });
    expect(report.lines).toHaveLength(ASSETS - 10 + 4);
    expect(report.lines).toEqual(
      expect.arrayContaining([
        { id: idOf(10), title: 'Asset 10', outcome: 'applied', reason: '', from: 'active', to: 'paused' },
        { id: 'opp_missing', title: '', outcome: 'skipped', reason: 'not found', from: '', to: '' },
        { id: idOf(10), title: 'Asset 10', outcome: 'skipped', reason: 'listed more than once; applied once', from: 'active', to: '' },
        { id: DRAFT_ID, title: 'Asset 1001', outcome: 'skipped', reason: 'draft assets cannot become paused', from: 'draft', to: '' },
        expect.objectContaining({ id: QUARANTINED_ID, outcome: 'failed', reason: expect.stringContaining('quarantine') }),
      ]),
    );
    expect((await dbRow(idOf(500))).status).toBe('paused');

    const events = await auditSince(seq);
    const summaries = events.filter((event) => event.action !== 'UPDATE');
    // One event for the whole change (no generic LEGACY_WRITE beside it), naming every id with its outcome.
    expect(summaries.map((event) => event.action)).toEqual(['ASSET_BULK_CHANGE']);
    const [bulk] = summaries;
    expect(bulk).toMatchObject({ record_id: `bulk:${report.correlationId}`, actor_label: 'vitest-bulk' });
    expect(bulk.new_values).toMatchObject({ correlationId: report.correlationId, operation: 'status', value: 'paused', totals: report.totals });
    const rows = bulk.new_values.rows as Array<{ id: string; outcome: string; reason?: string; from?: string; to?: string }>;
    expect(rows).toHaveLength(report.lines.length);
    expect(rows).toContainEqual({ id: idOf(999), outcome: 'applied', from: 'active', to: 'paused' });
    expect(rows).toContainEqual({ id: DRAFT_ID, outcome: 'skipped', reason: 'draft assets cannot become paused' });
    // The row trigger's entries (full before/after per row) were written in the same transaction: same timestamp, same actor.
    const rowEntries = events.filter((event) => event.action === 'UPDATE');
    expect(rowEntries).toHaveLength(ASSETS - 10);
    expect(new Set(rowEntries.map((event) => event.changed_at))).toEqual(new Set([bulk.changed_at]));

    await drainOutbox(orm.em.fork(), { sourceDir: dir });
    expect(fileRecord(idOf(500))?.status).toBe('paused');
  });

  it('json-primary: one write of the legacy file, synced before the report returns', async () => {
    await setMode('json-primary');
    const seq = await lastSeq();
    const change = { operation: 'status' as const, status: 'closed' as const, reason: 'Funding round over' };
    const report = await applyBulkAssetChange(orm.em.fork(), { ids: bulkIds(), change }, { context });
    expect(fileWrites.count).toBe(1);
    expect(report).toMatchObject({ mode: 'json-primary', totals: { applied: ASSETS - 10, skipped: 3, failed: 1 } });
    expect(report.lines).toContainEqual(expect.objectContaining({ id: idOf(500), outcome: 'applied', from: 'paused', to: 'closed' }));
    expect(fileRecord(idOf(500))?.status).toBe('closed');
    expect((await dbRow(idOf(500))).status).toBe('closed');
    const [bulk] = await auditSince(seq, 'ASSET_BULK_CHANGE');
    expect(bulk.new_values).toMatchObject({ correlationId: report.correlationId, mode: 'json-primary', reason: 'Funding round over' });
    expect(bulk.new_values.rows).toHaveLength(report.lines.length);
    expect(await auditSince(seq, 'LEGACY_WRITE')).toEqual([]);
  });

  for (const mode of ['pg-primary', 'json-primary'] as const) {
    it(`${mode}: archiving keeps the stored status, marks the record, and later bulk changes skip it`, async () => {
      await setMode(mode);
      const change = { operation: 'archive' as const, reason: 'Round ended in 2025' };
      const report = await applyBulkAssetChange(orm.em.fork(), { ids: [COMPLETED_ID, idOf(mode === 'pg-primary' ? 3 : 4)], change }, { context });
      expect(report.lines.map(({ id, outcome, reason }) => ({ id, outcome, reason }))).toEqual([
        { id: COMPLETED_ID, outcome: mode === 'pg-primary' ? 'applied' : 'skipped', reason: mode === 'pg-primary' ? '' : 'already archived' },
        { id: idOf(mode === 'pg-primary' ? 3 : 4), outcome: 'skipped', reason: 'active assets cannot become archived' },
      ]);
      const row = await dbRow(COMPLETED_ID);
      expect(row).toMatchObject({ status: 'closed', status_legacy: 'Completed' });
      expect(row.archived_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const tier = await applyBulkAssetChange(orm.em.fork(), { ids: [COMPLETED_ID], change: { operation: 'minTier', minTier: 3 } }, { context });
      expect(tier.lines[0]).toMatchObject({ outcome: 'skipped', reason: 'archived assets are not changed' });
      if (mode === 'pg-primary') await drainOutbox(orm.em.fork(), { sourceDir: dir });
      expect(fileRecord(COMPLETED_ID)).toMatchObject({ status: 'Completed', archivedAt: row.archived_at });
    });
  }

  it('refuses closing or archiving without a typed reason before anything is read or written', async () => {
    await expect(applyBulkAssetChange(orm.em.fork(), { ids: [idOf(5)], change: { operation: 'status', status: 'closed' } }, { context })).rejects.toMatchObject(
      {
        name: 'ZodError',
      },
    );
    await expect(applyBulkAssetChange(orm.em.fork(), { ids: [idOf(5)], change: { operation: 'archive', reason: 'no' } }, { context })).rejects.toMatchObject({
      name: 'ZodError',
    });
    expect(fileWrites.count).toBe(0);
  });

  it('a bulk change is visible at once in the legacy GET /api/admin/assets (cached before the change)', async () => {
    await setMode('pg-primary');
    const url = `/api/admin/assets?category=${encodeURIComponent('Bulk test')}&limit=10`;
    const before = await call(assetRoute.GET, url, { headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } });
    const titles = (before.body.assets as JsonObject[]).map((asset) => asset.title);
    expect(titles).toContain(INJECTION_TITLE);
    const manager = await createAdminUser(orm.em.fork(), { email: randomEmail('bulk-manager'), name: 'Bulk manager', role: 'asset_manager' });
    session.userId = manager.user.id;
    const preview = await previewBulkAssetChangeAction(
      undefined,
      payload({ scope: { kind: 'rows', ids: [INJECTION_ID] }, change: { operation: 'category', category: 'Moved' } }),
    );
    expect(preview).toMatchObject({ ok: true, data: { ids: [INJECTION_ID], willChange: 1 } });
    const applied = await applyBulkAssetChangeAction(undefined, payload({ ids: preview.data!.ids, change: { operation: 'category', category: 'Moved' } }));
    expect(applied).toMatchObject({ ok: true, data: { totals: { applied: 1, skipped: 0, failed: 0 } } });
    const after = await call(assetRoute.GET, url, { headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } });
    expect((after.body.assets as JsonObject[]).map((asset) => asset.title)).not.toContain(INJECTION_TITLE);
    const moved = await call(assetRoute.GET, '/api/admin/assets?category=Moved&limit=10', { headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } });
    expect(moved.body.assets).toEqual([expect.objectContaining({ id: INJECTION_ID, category: 'Moved', title: INJECTION_TITLE })]);
  });

  it("a viewer's direct call of the bulk and transition actions is refused and changes nothing", async () => {
    await setMode('pg-primary');
    const viewer = await createAdminUser(orm.em.fork(), { email: randomEmail('bulk-viewer'), name: 'Viewer', role: 'viewer' });
    session.userId = viewer.user.id;
    const seq = await lastSeq();
    const refused = { ok: false, message: 'You do not have permission to do this.' };
    expect(
      await previewBulkAssetChangeAction(undefined, payload({ scope: { kind: 'rows', ids: [idOf(6)] }, change: { operation: 'minTier', minTier: 4 } })),
    ).toEqual(refused);
    expect(await applyBulkAssetChangeAction(undefined, payload({ ids: [idOf(6)], change: { operation: 'minTier', minTier: 4 } }))).toEqual(refused);
    const form = new FormData();
    for (const [name, value] of Object.entries({ id: idOf(6), action: 'pause', loadedStatus: 'active' })) form.set(name, value);
    expect(await transitionAssetAction(undefined, form)).toEqual(refused);
    expect(await dbRow(idOf(6))).toMatchObject({ status: 'active' });
    expect((await auditSince(seq)).map((event) => event.action)).toEqual([]);
  });
});

describe('single transition', () => {
  it('closes an asset with the typed reason in its audit event, and refuses a stale or disallowed move', async () => {
    await setMode('pg-primary');
    const id = idOf(7);
    const seq = await lastSeq();
    const stale = transitionAsset(orm.em.fork(), { id, action: 'close', reason: 'Fully funded', loadedStatus: 'paused' }, { context });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', fieldErrors: { status: [expect.stringContaining('now active')] } });
    const draft = transitionAsset(orm.em.fork(), { id: DRAFT_ID, action: 'pause', loadedStatus: 'approved' }, { context });
    await expect(draft).rejects.toMatchObject({ code: 'VALIDATION', message: 'Pause is not possible: draft assets cannot become paused.' });
    const result = await transitionAsset(orm.em.fork(), { id, action: 'close', reason: '  Fully funded  ', loadedStatus: 'active' }, { context });
    expect(result).toMatchObject({ mode: 'pg-primary', from: 'active', to: 'closed' });
    const [event] = await auditSince(seq, 'ASSET_TRANSITION');
    expect(event).toMatchObject({
      record_id: id,
      old_values: { state: 'active', status: 'active', archivedAt: null },
      new_values: { action: 'close', state: 'closed', status: 'closed', reason: 'Fully funded', mode: 'pg-primary' },
    });
    await drainOutbox(orm.em.fork(), { sourceDir: dir });
  });

  it('publishes a draft stored with a legacy spelling (approved) as the lifecycle spells active, and refuses an incomplete one naming its gaps', async () => {
    await setMode('json-primary');
    const incomplete = transitionAsset(orm.em.fork(), { id: INCOMPLETE_DRAFT_ID, action: 'publish', loadedStatus: 'draft' }, { context });
    await expect(incomplete).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('Complete the draft before publishing it'),
      fieldErrors: { deadline: expect.any(Array), minimumInvestment: expect.any(Array) },
    });
    expect(fileWrites.count).toBe(0);
    const result = await transitionAsset(orm.em.fork(), { id: DRAFT_ID, action: 'publish', loadedStatus: 'approved' }, { context });
    expect(result).toMatchObject({ mode: 'json-primary', from: 'draft', to: 'active' });
    expect(fileRecord(DRAFT_ID)?.status).toBe('active');
  });
});

describe('bulk report CSV', () => {
  it('quotes cells a spreadsheet would run as formulas, even across a line break, and keeps every other value as it is', () => {
    const csv = bulkAssetReportCsv([
      { id: INJECTION_ID, title: INJECTION_TITLE, outcome: 'applied', reason: '', from: 'Bulk test', to: 'Moved' },
      { id: 'opp_2', title: '+1 tip, "quoted"', outcome: 'skipped', reason: '@already', from: '-5', to: '' },
    ]);
    const parsed = parse(csv) as string[][];
    expect(parsed[0]).toEqual(['asset id', 'title', 'outcome', 'reason', 'before', 'after']);
    expect(parsed[1]).toEqual([INJECTION_ID, `'${INJECTION_TITLE}`, 'applied', '', 'Bulk test', 'Moved']);
    expect(parsed[2]).toEqual(['opp_2', `'+1 tip, "quoted"`, 'skipped', `'@already`, `'-5`, '']);
  });
});

describe('bulk limit', () => {
  it(`refuses "all matching" beyond the bulk limit instead of acting on part of it`, async () => {
    await insertGeneratedAssets(await ownerEm(), BULK_ASSET_LIMIT + 1);
    const preview = previewBulkAssetChange(orm.em.fork(), { scope: { kind: 'matching', filter: '' }, change: { operation: 'minTier', minTier: 2 } });
    await expect(preview).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('Narrow the filter') });
    const narrowed = await previewBulkAssetChange(orm.em.fork(), {
      scope: { kind: 'matching', filter: 'category=Drafts' },
      change: { operation: 'minTier', minTier: 2 },
    });
    expect(narrowed.ids).toContain(INCOMPLETE_DRAFT_ID);
    expect(narrowed.ids.length).toBeLessThan(BULK_ASSET_LIMIT);
  });
});
