import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Page, type Request } from '@playwright/test';
import { MIGRATION_RUN_LOCK } from '../lib/migration/run-lock';
import { holdAdvisoryLock, query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { legacyGenerator } from '../lib/legacy/testing/generator-path';
import { EXCLUSIVE } from './locks';

// Exclusive: it re-imports the shared legacy folder and expects every source verified, with no run but its own.
test.describe.configure({ lock: EXCLUSIVE });

const SOURCE_COUNT = 13;
const CREDENTIALS = '{"0xe2e":{"credentialID":"e2e-credential","publicKey":"pk","counter":1}}\n';
const RUN_TIMEOUT = { timeout: 30_000 };

// The folder the app runs against: LEGACY_DATA_DIR when the run sets it (npm test), else a fresh
// legacy-gen folder, which the app then finds as the folder of the latest import.
let legacyDir: string;

function cli(script: string): void {
  execFileSync(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', script, '--from', legacyDir], { stdio: 'pipe', env: process.env });
}

test.beforeAll(() => {
  test.setTimeout(180_000);
  legacyDir = process.env.LEGACY_DATA_DIR ?? path.join(mkdtempSync(path.join(os.tmpdir(), 'pend-e2e-dashboard-')), 'legacy');
  if (!process.env.LEGACY_DATA_DIR) {
    execFileSync(process.execPath, [legacyGenerator(), '--out', legacyDir, '--scale', 'small', '--seed', '1'], { stdio: 'pipe' });
  }
  // A legacy file no table models: the import carries it byte for byte.
  writeFileSync(path.join(legacyDir, 'credentials-db.json'), CREDENTIALS);
  cli('scripts/migrate.ts');
});

// Leave every source verified, as the other specs expect it, whatever a failed test left behind.
test.afterAll(() => {
  test.setTimeout(120_000);
  cli('scripts/migrate-verify.ts');
});

function sourceRow(page: Page, source: string) {
  return page
    .getByRole('table', { name: 'Legacy sources' })
    .getByRole('row')
    .filter({ has: page.getByText(source, { exact: true }) });
}

async function captureAction(page: Page, click: () => Promise<void>): Promise<Request> {
  const [request] = await Promise.all([page.waitForRequest((candidate) => candidate.method() === 'POST' && !!candidate.headers()['next-action']), click()]);
  return request;
}

test('[MIGRATION]: super admin sees every source validated with equal root hashes, then a corrupted row as a field diff after "Verify now"', async ({
  signedInPage,
}) => {
  const { page, admin: root } = await signedInPage('super_admin');
  await page.goto('/dashboard');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Migration' }).click();
  await expect(page.getByRole('heading', { name: 'Migration', exact: true })).toBeVisible();

  const rows = page.getByRole('table', { name: 'Legacy sources' }).locator('tbody tr');
  await expect(rows).toHaveCount(SOURCE_COUNT);
  await expect(rows.filter({ has: page.locator('[data-slot="badge"]', { hasText: /^validated$/ }) })).toHaveCount(SOURCE_COUNT);
  await expect(page.getByTestId('root-hash-comparison').filter({ hasText: /^equal$/ })).toHaveCount(SOURCE_COUNT);

  const [manifest] = await query<{ root_hash: string }>(
    `SELECT m.root_hash FROM migration_source_state s JOIN migration_manifests m ON m.id = s.manifest_id WHERE s.source = 'full-chain-history'`,
  );
  const shownHash = sourceRow(page, 'full-chain-history').locator(`code[title="${manifest.root_hash}"]`);
  await expect(shownHash).toHaveCount(2);
  // Earlier specs may leave superseded uploads (a KYC re-upload keeps the old file, carried as unreferenced): look for this file's row.
  const carried = page.getByRole('table', { name: 'Files carried byte for byte' }).locator('tbody tr').filter({ hasText: 'credentials-db.json' });
  await expect(carried).toHaveCount(1);
  await expect(carried).toContainText('no table models this file yet');
  await expect(shownHash.first()).toHaveText(manifest.root_hash.slice(0, 12));

  const [{ gas_used: originalGasUsed }] = await query<{ gas_used: string }>(`SELECT gas_used FROM chain_blocks WHERE legacy_key = '7'`);
  await query(`UPDATE chain_blocks SET gas_used = gas_used + 1 WHERE legacy_key = '7'`);
  try {
    await verifyShowsCorruptedRow(page, root.email, Number(originalGasUsed));
  } finally {
    await query(`UPDATE chain_blocks SET gas_used = $1 WHERE legacy_key = '7'`, [originalGasUsed]);
  }
});

async function verifyShowsCorruptedRow(page: Page, actorEmail: string, legacy: number): Promise<void> {
  const rows = page.getByRole('table', { name: 'Legacy sources' }).locator('tbody tr');
  await page.getByRole('button', { name: 'Verify now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Verification of every source' })).toBeVisible();

  const blocks = sourceRow(page, 'full-chain-history');
  await expect(blocks.locator('[data-slot="badge"]', { hasText: /^mismatched$/ })).toBeVisible(RUN_TIMEOUT);
  await expect(blocks.getByTestId('root-hash-comparison')).toHaveText('different');
  await expect(rows.filter({ has: page.locator('[data-slot="badge"]', { hasText: /^validated$/ }) })).toHaveCount(SOURCE_COUNT - 1);

  const diffRow = page
    .getByRole('table', { name: 'Field differences between the legacy files and PostgreSQL' })
    .getByRole('row')
    .filter({ hasText: 'full-chain-history' })
    .filter({ hasText: 'gasUsed' });
  await expect(diffRow).toHaveCount(1);
  await diffRow.getByText('open').click();
  await expect(diffRow.getByTestId('field-diff')).toContainText(`full-chain-history · 7 · gasUsed`);
  await expect(diffRow.getByTestId('field-diff')).toContainText(`- legacy:   ${legacy}`);
  await expect(diffRow.getByTestId('field-diff')).toContainText(`+ database: ${legacy + 1}`);

  const [run] = await query<{ id: string; state: string; started_by: string }>(
    `SELECT id, state, started_by FROM migration_runs WHERE kind = 'verify' ORDER BY started_at DESC LIMIT 1`,
  );
  expect(run).toMatchObject({ state: 'mismatched', started_by: actorEmail });
  await expect(diffRow).toContainText(run.id.slice(0, 8));
  const audit = await query<{ action: string; actor_label: string }>(`SELECT action, actor_label FROM audit_trail WHERE record_id = $1`, [run.id]);
  expect(audit).toEqual([{ action: 'MIGRATION_VERIFY', actor_label: actorEmail }]);
}

test('[MIGRATION]: while a command-line run holds the run lock, the page says so and Verify now is disabled; when it ends the page is idle again', async ({
  signedInPage,
}) => {
  const { page } = await signedInPage('super_admin');
  const release = await holdAdvisoryLock(MIGRATION_RUN_LOCK);
  try {
    await page.goto('/migration');
    await expect(page.getByTestId('migration-progress')).toContainText('started elsewhere (another instance or the command line) is in progress');
    await expect(page.getByRole('button', { name: 'Verify now' })).toBeDisabled();
  } finally {
    await release();
  }
  // The page polls the lock and refreshes; what remains is at most the last dashboard job's outcome.
  await expect(page.getByText('started elsewhere')).toHaveCount(0, RUN_TIMEOUT);
  await expect(page.getByRole('button', { name: 'Verify now' })).toBeEnabled();
});

test('[MIGRATION]: super admin re-imports one source after confirming; a viewer can neither open the page nor run its actions', async ({ signedInPage }) => {
  const { page, admin: root } = await signedInPage('super_admin');
  await page.goto('/migration');

  const verifyRequest = await captureAction(page, () => page.getByRole('button', { name: 'Verify now' }).click());
  await expect(page.getByRole('status').filter({ hasText: 'Verification of every source' })).toBeVisible();
  await expect(page.getByTestId('migration-progress')).toContainText('ended', RUN_TIMEOUT);

  const liveStats = sourceRow(page, 'live-stats');
  await liveStats.getByRole('button', { name: 'Re-import' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Other sources are not touched.');
  const reimportRequest = await captureAction(page, () => dialog.getByRole('button', { name: 'Re-import' }).click());
  await expect(page.getByTestId('migration-progress')).toContainText('Re-import of live-stats', RUN_TIMEOUT);
  await expect(page.getByTestId('migration-progress')).toContainText('ended', RUN_TIMEOUT);
  await expect(page.getByRole('table', { name: 'Migration runs, newest first' }).getByRole('row').nth(1)).toContainText('live-stats');
  const [reimport] = await query<{ state: string; only: string[]; started_by: string }>(
    `SELECT state, options->'only' AS only, started_by FROM migration_runs WHERE kind = 'import' ORDER BY started_at DESC LIMIT 1`,
  );
  expect(reimport).toEqual({ state: 'validated', only: ['live-stats'], started_by: root.email });

  const { page: viewerPage } = await signedInPage('viewer');
  await expect(viewerPage.getByRole('link', { name: 'Migration' })).toHaveCount(0);
  await viewerPage.goto('/migration');
  await expect(viewerPage.getByTestId('access-denied')).toContainText('Access denied');
  await expect(viewerPage.getByRole('button', { name: 'Verify now' })).toHaveCount(0);

  const [{ runs: runsBefore }] = await query<{ runs: string }>(`SELECT count(*) AS runs FROM migration_runs`);
  for (const request of [verifyRequest, reimportRequest]) {
    const headers = await request.allHeaders();
    const response = await viewerPage.request.post('/migration', {
      headers: { 'next-action': headers['next-action'], 'content-type': headers['content-type'], accept: 'text/x-component' },
      data: request.postDataBuffer()!,
    });
    expect(await response.text()).toContain('You do not have permission to do this.');
  }
  const [{ runs: runsAfter }] = await query<{ runs: string }>(`SELECT count(*) AS runs FROM migration_runs`);
  expect(runsAfter).toBe(runsBefore);

  expect((await viewerPage.request.get('/api/admin/migration/status')).status()).toBe(403);
  expect((await viewerPage.request.get('/api/admin/migration/progress')).status()).toBe(403);
});

test('[MIGRATION][API]: the status route answers a session with migration:read and refuses anyone else with 401', async ({
  signedInPage,
  playwright,
  baseURL,
}) => {
  const { page } = await signedInPage('auditor');
  const response = await page.request.get('/api/admin/migration/status');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { state: string; running: boolean; sources: Array<{ source: string; state: string; rootHashesEqual: boolean }> };
  expect(body).toMatchObject({ state: 'validated', running: false });
  expect(body.sources).toHaveLength(SOURCE_COUNT);
  expect(body.sources.every((source) => source.state === 'validated' && source.rootHashesEqual)).toBe(true);

  const anonymous = await playwright.request.newContext({ baseURL });
  const refused = await anonymous.get('/api/admin/migration/status');
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toHaveProperty('error');
  expect((await anonymous.get('/api/admin/migration/status', { headers: { 'X-Admin-Key': 'not-the-admin-key-0000' } })).status()).toBe(401);
  await anonymous.dispose();
});

test('[MIGRATION][API]: a monitor with the legacy admin key reads the status without a session', async ({ playwright, baseURL }) => {
  test.skip(!process.env.ADMIN_SECRET_KEY, 'the app under test has no ADMIN_SECRET_KEY');
  const monitor = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-Admin-Key': process.env.ADMIN_SECRET_KEY! } });
  const response = await monitor.get('/api/admin/migration/status');
  expect(response.status()).toBe(200);
  expect(((await response.json()) as { sources: unknown[] }).sources).toHaveLength(SOURCE_COUNT);
  await monitor.dispose();
});
