import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Page } from '@playwright/test';
import sharp from 'sharp';
import { createAdmin, deactivateAdmin, query, type TestAdmin } from './fixtures/db';
import { expect, signInAndExpectDashboard, test } from './fixtures/session';
import { LOCK } from './locks';

// Writes admin-opportunities.json through the wizard and waits for its sync.
test.describe.configure({ lock: LOCK.assets });

const DAY_MS = 86_400_000;
// A json-primary save writes the legacy file and waits for the sync to show it: seconds on a loaded machine, past the 10 s default.
const SAVE_TIMEOUT_MS = 60_000;
const futureDay = () => new Date(Date.now() + 90 * DAY_MS).toISOString().slice(0, 10);
const unique = () => crypto.randomUUID().slice(0, 8);

let otherManager: TestAdmin;

// Each test signs in one or two admins and saves through the json-primary path (file, sync) on a shared two-core machine.
test.describe.configure({ timeout: 120_000 });

// The run's asset manager edits; the conflict needs a second manager of this spec's own.
test.use({ role: 'asset_manager' });

test.beforeAll(async () => {
  otherManager = await createAdmin('asset_manager');
});

test.afterAll(async () => {
  await deactivateAdmin(otherManager);
});

async function goToStep(page: Page, title: string) {
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: title }).click();
  await expect(page.getByText(new RegExp(`Step \\d of 5: ${title}`))).toBeVisible();
}

/** A draft made through the wizard (only the title and what `fill` adds); returns its row id. */
async function createDraft(page: Page, title: string, fill?: (page: Page) => Promise<void>): Promise<string> {
  await page.goto('/assets/new');
  await page.getByLabel('Title', { exact: true }).fill(title);
  if (fill) await fill(page);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/assets\/[0-9a-f-]{36}$/, { timeout: SAVE_TIMEOUT_MS });
  return page.url().split('/').pop()!;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${node.failureSummary}`));
}

async function signInOwnPage(browser: Browser, admin: TestAdmin): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndExpectDashboard(page, admin);
  return page;
}

test('[ASSETS-EDIT]: publishing invalid input names each field error; valid input with an image creates the asset, stripped of EXIF', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/assets/new');
  await expect(page.getByRole('heading', { name: 'New asset' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('wizard-1-basic.png'), fullPage: true });

  await page.getByLabel('Title', { exact: true }).fill('ab');
  await page.getByLabel('Description').fill('Too short.');
  await page.getByRole('button', { name: 'Next: Investment details' }).click();
  await page.getByLabel('Token symbol').fill('abc');
  await page.getByLabel('Token price (EGP)').fill('0');
  await page.getByLabel('Minimum investment (EGP)').fill('-1');
  await page.getByLabel('Deadline').fill('2020-01-01');
  await page.screenshot({ path: testInfo.outputPath('wizard-2-investment.png'), fullPage: true });
  await page.getByRole('button', { name: 'Next: Legal and compliance' }).click();
  await page.getByLabel('Contract address').fill('0x52908400098527886e0f7030069857d2e4169ee7');
  await page.screenshot({ path: testInfo.outputPath('wizard-3-legal.png'), fullPage: true });
  await page.getByRole('button', { name: 'Next: Asset manager' }).click();
  await page.getByLabel('Contact by').selectOption('whatsapp');
  await page.getByLabel('Contact', { exact: true }).fill('call me');
  await page.screenshot({ path: testInfo.outputPath('wizard-4-manager.png'), fullPage: true });
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await page.screenshot({ path: testInfo.outputPath('wizard-5-review.png'), fullPage: true });
  await page.getByRole('button', { name: 'Publish', exact: true }).click();

  const summary = page.getByTestId('asset-errors');
  for (const message of [
    'Type: Type is required to publish.',
    'Title: Title must be at least 3 characters.',
    'Description: Description must be at least 50 characters.',
    'Category: Category is required to publish.',
    'Token symbol: Token symbol must be 2–10 upper-case letters or digits',
    'Token price: Token price must be more than 0.',
    'Minimum investment: Minimum investment must be a number',
    'Deadline: Deadline must be in the future.',
    'Minimum tier: Minimum tier is required to publish.',
    'Contract address: Contract address is not checksummed (EIP-55); its checksummed form is 0x52908400098527886E0F7030069857D2E4169EE7.',
    'Contact: Contact must be a WhatsApp number in international form',
  ]) {
    await expect(summary).toContainText(message, { timeout: SAVE_TIMEOUT_MS });
  }
  // The wizard opens the first step with an error, and the field itself says what is wrong.
  await expect(page.getByLabel('Title', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#asset-title-error')).toHaveText('Title must be at least 3 characters.');
  await page.screenshot({ path: testInfo.outputPath('wizard-errors.png'), fullPage: true });

  const title = `E2E Solar farm ${unique()}`;
  await page.getByLabel('Type').selectOption('investment');
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description').fill('A 40 MW solar farm near Aswan, leased to the national grid operator for 25 years.');
  await page.getByLabel('Category').fill('Energy');
  const photo = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#c08040' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'E2E camera', Artist: 'At home' } })
    .toBuffer();
  await page.getByLabel('Image').setInputFiles({ name: 'farm.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByText(/^Image stored as uploads\/assets\/img_/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('wizard-1-basic-image.png'), fullPage: true });

  await goToStep(page, 'Investment details');
  await page.getByLabel('Token symbol').fill('SOLAR1');
  await page.getByLabel('Token price (EGP)').fill('100');
  await page.getByLabel('Maximum supply').fill('5000');
  await page.getByLabel('Minimum investment (EGP)').fill('500');
  await page.getByLabel('Deadline').fill(futureDay());
  await goToStep(page, 'Legal and compliance');
  await page.getByLabel('Minimum tier').selectOption('2');
  await page.getByLabel('Contract address').fill('');
  await goToStep(page, 'Asset manager');
  await page.getByLabel('Contact', { exact: true }).fill('+201001234567');
  await goToStep(page, 'Review');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();

  await expect(page).toHaveURL(/\/assets\/[0-9a-f-]{36}$/, { timeout: SAVE_TIMEOUT_MS });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const image = page.getByRole('img', { name: `Image of ${title}` });
  await expect(image).toBeVisible();
  // Visible is not loaded: the thumbnail may still be on its way.
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(480);
  await page.screenshot({ path: testInfo.outputPath('asset-page.png'), fullPage: true });

  const [row] = await query<{ legacy_key: string; status: string; image_path: string }>(`SELECT legacy_key, status, image_path FROM assets WHERE title = $1`, [
    title,
  ]);
  expect(row).toMatchObject({ status: 'active', image_path: expect.stringMatching(/^uploads\/assets\/img_\w+\.jpg$/) });
  const stored = readFileSync(path.join(process.env.LEGACY_DATA_DIR!, row.image_path));
  expect((await sharp(stored).metadata()).exif).toBeUndefined();
  expect(stored.includes(Buffer.from('E2E camera'))).toBe(false);
  const legacyFile = JSON.parse(readFileSync(path.join(process.env.LEGACY_DATA_DIR!, 'admin-opportunities.json'), 'utf8')) as {
    opportunities: Array<{ id: string }>;
  };
  expect(legacyFile.opportunities.map((record) => record.id)).toContain(row.legacy_key);
  const audited = await query(`SELECT 1 FROM audit_trail WHERE action = 'LEGACY_WRITE' AND table_name = 'assets' AND record_id = $1`, [row.legacy_key]);
  expect(audited).toHaveLength(1);

  await page.goto(`/assets?q=${encodeURIComponent(title)}`);
  const icon = page.getByRole('row').filter({ hasText: title }).locator(`img[src="/assets/${row.legacy_key}/image?size=icon"]`);
  await expect(icon).toBeVisible();
  await expect.poll(() => icon.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(96);
});

test('[ASSETS-EDIT]: a stale edit gets the conflict view naming the field, theirs and yours side by side, and can re-apply', async ({
  page,
  browser,
}, testInfo) => {
  const id = await createDraft(page, `E2E conflict ${unique()}`);

  await page.goto(`/assets/${id}/edit`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Edit E2E conflict');

  const other = await signInOwnPage(browser, otherManager);
  await other.goto(`/assets/${id}/edit`);
  await other.getByLabel('Title', { exact: true }).fill('Renamed by the other manager');
  await other.getByRole('button', { name: 'Save draft' }).click();
  await expect(other).toHaveURL(new RegExp(`/assets/${id}$`), { timeout: SAVE_TIMEOUT_MS });
  await other.context().close();

  await page.getByLabel('Title', { exact: true }).fill('Renamed by me');
  await page.getByRole('button', { name: 'Save draft' }).click();
  const conflict = page.getByTestId('asset-conflict');
  await expect(conflict).toContainText('Someone else saved this asset while you were editing it', { timeout: SAVE_TIMEOUT_MS });
  const titleRow = conflict.getByRole('row', { name: /^Title/ });
  await expect(titleRow.getByRole('cell').nth(0)).toHaveText('Renamed by the other manager');
  await expect(titleRow.getByRole('cell').nth(1)).toHaveText('Renamed by me');
  await page.screenshot({ path: testInfo.outputPath('conflict.png'), fullPage: true });
  const [beforeReapply] = await query<{ title: string }>(`SELECT title FROM assets WHERE id = $1`, [id]);
  expect(beforeReapply.title).toBe('Renamed by the other manager');

  await conflict.getByRole('button', { name: 'Re-apply my changes over theirs' }).click();
  await expect(page).toHaveURL(new RegExp(`/assets/${id}$`), { timeout: SAVE_TIMEOUT_MS });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Renamed by me');
  await expect(page.getByRole('region', { name: 'History' }).or(page.locator('#history'))).toContainText('Renamed by the other manager');
});

test('[ASSETS-EDIT]: a viewer sees no edit controls, the edit page is refused, and a direct call of the edit action changes nothing', async ({
  page,
  signedInPage,
}) => {
  const title = `E2E viewer ${unique()}`;
  const id = await createDraft(page, title);

  // The edit action's request as the manager's browser sends it, to replay with the viewer's session.
  await page.goto(`/assets/${id}/edit`);
  await page.getByLabel('Title', { exact: true }).fill(`${title} (manager)`);
  const [request] = await Promise.all([
    page.waitForRequest((candidate) => candidate.method() === 'POST' && candidate.headers()['next-action'] !== undefined),
    page.getByRole('button', { name: 'Save draft' }).click(),
  ]);
  await expect(page).toHaveURL(new RegExp(`/assets/${id}$`), { timeout: SAVE_TIMEOUT_MS });
  const body = request.postDataBuffer()!.toString('latin1').replace(`${title} (manager)`, `${title} (viewer)`);

  const { page: viewerPage } = await signedInPage('viewer');
  await viewerPage.goto(`/assets/${id}`);
  await expect(viewerPage.getByRole('heading', { level: 1 })).toHaveText(`${title} (manager)`);
  await expect(viewerPage.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await viewerPage.goto(`/assets/${id}/edit`);
  await expect(viewerPage.getByTestId('access-denied')).toBeVisible();
  await expect(viewerPage.getByLabel('Title', { exact: true })).toHaveCount(0);

  const headers = request.headers();
  const replay = await viewerPage.request.post(request.url(), {
    headers: { 'next-action': headers['next-action'], 'content-type': headers['content-type'], accept: headers.accept ?? 'text/x-component' },
    data: Buffer.from(body, 'latin1'),
  });
  expect(await replay.text()).toContain('You do not have permission to do this.');
  const [stored] = await query<{ title: string }>(`SELECT title FROM assets WHERE id = $1`, [id]);
  expect(stored.title).toBe(`${title} (manager)`);
});

test('[ASSETS-EDIT]: markup and injection strings in every text field come back inert on the asset page and in the legacy API', async ({ page, request }) => {
  const marker = unique().slice(0, 4);
  // Short enough for the 100-character fields, so every text field holds all of it.
  const payload = `<img src=x onerror="window.__xss='${marker}'"><script>window.__xss='${marker}'</script>';DROP TABLE assets;--`;
  expect(payload.length).toBeLessThanOrEqual(100);
  const title = payload;
  const id = await createDraft(page, title, async (draft) => {
    await draft.getByLabel('Description').fill(`${payload} ${payload}`);
    await draft.getByLabel('Category').fill(payload);
    await draft.getByLabel('Location').fill(payload);
    await draft.getByLabel('Sector').fill(payload);
    await draft.getByLabel('Highlights').fill(payload);
    await goToStep(draft, 'Investment details');
    await draft.getByLabel('ROI model').fill(payload);
    await draft.getByLabel('Impact statement').fill(payload);
    await goToStep(draft, 'Legal and compliance');
    await draft.getByLabel('Jurisdiction').fill(payload);
    await draft.getByLabel('SPV name').fill(payload);
    await draft.getByLabel('Custody type').fill(payload);
    await goToStep(draft, 'Asset manager');
    await draft.getByLabel('Manager name').fill(payload);
    await draft.getByLabel('Manager title').fill(payload);
    await draft.getByLabel('Manager bio').fill(payload);
  });

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  for (const section of ['Basic information', 'Investment details', 'Legal and compliance', 'Asset manager']) {
    await expect(page.getByRole('region', { name: section })).toContainText(payload);
  }
  expect(await page.evaluate(() => (window as Window & { __xss?: string }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('main script', { hasText: marker })).toHaveCount(0);

  const [row] = await query<{ legacy_key: string }>(`SELECT legacy_key FROM assets WHERE id = $1`, [id]);
  const response = await request.get(`/api/admin/assets/${row.legacy_key}`, { headers: { 'X-Admin-Key': process.env.ADMIN_SECRET_KEY! } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/json/);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  const { asset } = (await response.json()) as { asset: Record<string, unknown> };
  expect(asset.title).toBe(title);
  expect(asset.description).toBe(`${payload} ${payload}`);
  expect(asset.category).toBe(payload);
});

test('[ASSETS-EDIT]: an unknown asset id is the not-found page', async ({ signedInPage }) => {
  const { page } = await signedInPage('viewer');
  await page.goto('/assets/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await page.goto('/assets/not-a-uuid');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`[A11Y]: the asset page and its edit wizard have no serious or critical violations (${colorScheme})`, async ({ signedInPage }) => {
    test.setTimeout(180_000);
    const { page } = await signedInPage('asset_manager', { colorScheme });
    const [asset] = await query<{ id: string; legacy_key: string }>(
      `SELECT id, legacy_key FROM assets WHERE contract_address IS NOT NULL ORDER BY legacy_position LIMIT 1`,
    );
    // The grid links by legacy id; the row id opens the same page.
    for (const target of [`/assets/${encodeURIComponent(asset.legacy_key)}`, `/assets/${asset.id}/edit`]) {
      await page.goto(target, { waitUntil: 'networkidle' });
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await seriousViolations(page), target).toEqual([]);
    }
    for (const step of ['Investment details', 'Legal and compliance', 'Asset manager', 'Review']) {
      await goToStep(page, step);
      expect(await seriousViolations(page), step).toEqual([]);
    }
  });
}
