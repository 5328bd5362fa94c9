import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type Page, type Request } from '@playwright/test';
import { query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { LOCK } from './locks';

// Writes admin-opportunities.json through the legacy API and waits for its sync.
test.describe.configure({ lock: LOCK.assets });

const ADMIN_KEY = { 'X-Admin-Key': process.env.ADMIN_SECRET_KEY ?? '' };
const ACTIVE_ASSETS = 26;

/** Assets of a category of this run's own, created through the legacy API, so they are in the legacy file as well as the table. */
async function seedAssets(request: APIRequestContext, category: string): Promise<void> {
  const create = (title: string, status: string) =>
    request.post('/api/admin/assets', { headers: ADMIN_KEY, data: { type: 'investment', title, category, status, minimumInvestment: 100 } });
  for (let index = 0; index < ACTIVE_ASSETS; index++) expect((await create(`Bulk orchard ${index + 1}`, 'published')).status()).toBe(201);
  expect((await create('Bulk draft vineyard', 'draft')).status()).toBe(201);
}

/** Serious and critical WCAG violations inside the open dialog (the page behind it is inert by design). */
async function dialogViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('[role="dialog"]').analyze();
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);
}

async function statusCounts(category: string): Promise<Record<string, number>> {
  const rows = await query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM assets WHERE category = $1 GROUP BY status`, [category]);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

test('[ASSETS][BULK]: a status change over all matching assets shows its preview, then a per-row report whose CSV downloads; a viewer replaying the action is refused', async ({
  signedInPage,
}, testInfo) => {
  test.setTimeout(180_000);
  const category = `E2E Bulk ${crypto.randomUUID().slice(0, 8)}`;
  const { page, admin: manager } = await signedInPage('asset_manager');
  await seedAssets(page.request, category);
  await page.goto(`/assets?category=${encodeURIComponent(category)}&pageSize=25`);
  const grid = page.getByTestId('assets-grid');
  await expect(grid.locator('tbody tr')).toHaveCount(25);

  await grid.getByRole('checkbox', { name: 'Select all rows on this page' }).click();
  await grid.getByRole('button', { name: /^Select all 27 rows matching this filter/ }).click();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar.getByTestId('selection-count')).toHaveText('All 27 rows matching this filter selected');

  await bar.getByRole('button', { name: 'Change status' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change status' });
  await expect(dialog.getByText('Every asset matching the current filter and search.')).toBeVisible();
  await dialog.getByLabel('New status').selectOption('paused');
  await dialog.getByRole('button', { name: 'Preview' }).click();

  const preview = dialog.getByTestId('bulk-preview');
  await expect(preview.getByRole('status')).toContainText('26 assets will change; 1 skipped');
  await expect(preview).toContainText('1 draft assets cannot become paused');
  expect(await dialogViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('bulk-preview.png') });
  // Nothing is written by the preview.
  expect(await statusCounts(category)).toEqual({ active: ACTIVE_ASSETS, draft: 1 });

  const [applyRequest] = await Promise.all([
    page.waitForRequest(
      (request: Request) => request.method() === 'POST' && !!request.headers()['next-action'] && request.postData()?.includes('"ids"') === true,
    ),
    dialog.getByRole('button', { name: 'Apply to 26 assets' }).click(),
  ]);
  const report = dialog.getByTestId('bulk-report');
  await expect(report.getByRole('status')).toContainText('26 assets changed, 1 skipped, 0 failed');
  await expect(report.locator('tbody tr')).toHaveCount(27);
  await expect(report.locator('tbody tr').filter({ hasText: 'Bulk draft vineyard' })).toContainText('draft assets cannot become paused');
  expect(await dialogViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('bulk-report.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Download report (CSV)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^asset-bulk-status-[0-9a-f-]{36}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('asset id,title,outcome,reason,before,after');
  expect(csv).toHaveLength(28);
  expect(csv.filter((line) => line.includes(',applied,,active,paused'))).toHaveLength(ACTIVE_ASSETS);

  // The database, the legacy file and the legacy API all show the change when the report is shown.
  expect(await statusCounts(category)).toEqual({ paused: ACTIVE_ASSETS, draft: 1 });
  const legacyFile = JSON.parse(readFileSync(path.join(process.env.LEGACY_DATA_DIR ?? '', 'admin-opportunities.json'), 'utf8')) as {
    opportunities: Array<{ category?: string; status?: string }>;
  };
  expect(legacyFile.opportunities.filter((asset) => asset.category === category && asset.status === 'paused')).toHaveLength(ACTIVE_ASSETS);
  const legacyList = await page.request.get(`/api/admin/assets?category=${encodeURIComponent(category)}&status=paused&limit=100`, { headers: ADMIN_KEY });
  expect((await legacyList.json()).pagination.total).toBe(ACTIVE_ASSETS);
  const [audit] = await query<{ rows: number; actor_label: string }>(
    `SELECT jsonb_array_length(new_values -> 'rows') AS rows, actor_label FROM audit_trail
      WHERE action = 'ASSET_BULK_CHANGE' AND new_values -> 'rows' -> 0 ->> 'id' IN (SELECT legacy_key FROM assets WHERE category = $1)`,
    [category],
  );
  expect(audit).toEqual({ rows: 27, actor_label: manager.email });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);

  // A viewer sees no selection or bulk actions, and replaying the manager's apply request (to resume them) is refused.
  const { page: viewerPage } = await signedInPage('viewer');
  await viewerPage.goto(`/assets?category=${encodeURIComponent(category)}`);
  await expect(viewerPage.getByTestId('assets-grid').locator('tbody tr').first()).toBeVisible();
  await expect(viewerPage.getByRole('checkbox')).toHaveCount(0);
  const headers = await applyRequest.allHeaders();
  const captured = applyRequest.postDataBuffer()!.toString('utf8');
  const forged = captured.replace('"status":"paused"', '"status":"active"');
  expect(forged).not.toBe(captured);
  const replay = await viewerPage.request.post(applyRequest.url(), {
    headers: { 'next-action': headers['next-action'], 'content-type': headers['content-type'], accept: 'text/x-component' },
    data: forged,
  });
  expect(await replay.text()).toContain('You do not have permission to do this.');
  expect(await statusCounts(category)).toEqual({ paused: ACTIVE_ASSETS, draft: 1 });
});
