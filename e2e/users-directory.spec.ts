import { type Page } from '@playwright/test';
import { storedPhone, storedPhoneColumns } from '../lib/testing/phones';
import { query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { LOCK } from './locks';

// Counts users per tier and changes tiers; exports as the run's super admin.
test.describe.configure({ lock: [LOCK.identityMap, LOCK.runAdminExports] });

// Several server round trips per test (sign-in, searches, a filter): more than the default minute on a loaded machine.
test.describe.configure({ timeout: 180_000 });

const grid = (page: Page) => page.getByTestId('users-grid');
/** The user-page links of the rows, in order: `/users/<identity id>` (never the identity hash). */
const rowLinks = (page: Page) =>
  grid(page)
    .locator('tbody tr a[href^="/users/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')));

async function search(page: Page, text: string) {
  await page.getByRole('searchbox', { name: 'Search phone, wallet or identity' }).fill(text);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text)}(&|$)`));
}

test('[USERS][DIRECTORY]: the last four digits of a phone and part of a wallet address find the user; phones stay masked', async ({ signedInPage }) => {
  const [row] = await query<{ id: string; wallet: string; token: string; ciphertext: string; key_id: string }>(
    `SELECT ud.id, ud.wallet_address AS wallet, encode(w.full_phone_last4_token, 'hex') AS token, ${storedPhoneColumns('w.full_phone')}
       FROM user_directory ud JOIN wallet_directory w ON w.identity_hash = ud.identity_hash
      WHERE w.full_phone_last4_token IS NOT NULL AND ud.wallet_address IS NOT NULL ORDER BY ud.registered_at DESC NULLS LAST LIMIT 1`,
  );
  const phone = storedPhone(row);
  const user = { id: row.id, wallet: row.wallet, last4: phone.slice(-4) };
  const sameLastFour = await query<{ id: string }>(
    `SELECT DISTINCT ud.id FROM user_directory ud JOIN wallet_directory w ON w.identity_hash = ud.identity_hash
      WHERE w.full_phone_last4_token = decode($1, 'hex')`,
    [row.token],
  );
  const { page } = await signedInPage('super_admin');
  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  await search(page, user.last4);
  await expect.poll(async () => (await rowLinks(page)).sort()).toEqual(sameLastFour.map((row) => `/users/${row.id}`).sort());
  // The page never holds the whole number.
  expect(await page.content()).not.toContain(phone);

  const part = user.wallet.slice(9, 21).toLowerCase();
  await search(page, part);
  await expect.poll(() => rowLinks(page)).toContain(`/users/${user.id}`);
  const matching = await query<{ n: number }>(`SELECT count(*)::int AS n FROM user_directory WHERE wallet_address ILIKE $1`, [`%${part}%`]);
  await expect(grid(page).getByTestId('grid-total')).toHaveText(`${matching[0].n} shown of ${matching[0].n} ${matching[0].n === 1 ? 'row' : 'rows'}`);
});

test('[USERS][DIRECTORY]: filtering by tier puts it in the URL and shows the rows the database holds for it', async ({ signedInPage }) => {
  const { page } = await signedInPage('kyc_verifier');
  await page.goto('/users');
  await page.getByRole('button', { name: /^Filter by tier/ }).click();
  await page.getByRole('option', { name: /Tier 2/ }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]tier=2(&|$)/);

  const expected = await query<{ id: string }>(`SELECT id FROM user_directory WHERE tier = 2 ORDER BY registered_at DESC NULLS LAST, id DESC LIMIT 50`);
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM user_directory WHERE tier = 2`);
  expect(n).toBeGreaterThan(0);
  await expect.poll(() => rowLinks(page)).toEqual(expected.map((row) => `/users/${row.id}`));
  await expect(grid(page).getByTestId('grid-total')).toHaveText(`${Math.min(n, 50)} shown of ${n} ${n === 1 ? 'row' : 'rows'}`);
  // The engagement figures follow the same filter.
  await expect(page.getByTestId('analytics-users')).toContainText(n.toLocaleString('en-US'));

  // A copied link opens the same rows.
  const link = page.url();
  await page.goto('/users');
  await page.goto(link);
  await expect.poll(() => rowLinks(page)).toEqual(expected.map((row) => `/users/${row.id}`));
});

test('[USERS][DIRECTORY]: exporting the masked phones asks why, and the export is recorded with the reason', async ({ signedInPage }) => {
  const { page } = await signedInPage('super_admin');
  await page.goto('/users?tier=2');
  await expect.poll(async () => (await rowLinks(page)).length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('menuitem', { name: 'CSV', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Why is this exported?' });
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog.getByText('Say why this personal data is exported.')).toBeVisible();
  const reason = `E2E access request ${crypto.randomUUID().slice(0, 8)}`;
  await dialog.getByLabel('Reason').fill(reason);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
  const text = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8')).toContain('Phone (masked)');
  await expect
    .poll(() => query(`SELECT grid, has_personal_data, filter FROM export_jobs WHERE reason = $1`, [reason]))
    .toEqual([{ grid: 'users', has_personal_data: true, filter: { tier: '2' } }]);
});

test('[USERS][DIRECTORY]: a viewer (no users:read) is refused the directory and its export', async ({ signedInPage }) => {
  const { page } = await signedInPage('viewer');
  await page.goto('/users');
  await expect(page.getByTestId('access-denied')).toContainText('Access denied');
  await expect(page.getByTestId('users-grid')).toHaveCount(0);
  const response = await page.request.get('/api/exports/users?format=csv&columns=wallet');
  expect(response.status()).toBe(403);
});

test('[USERS][DIRECTORY]: a KYC verifier ticks two users and changes their tier in bulk: preview, apply, one audit entry naming both, and the legacy API agrees', async ({
  signedInPage,
}) => {
  const [{ tier }] = await query<{ tier: number }>(
    `SELECT tier FROM user_directory WHERE tier IS NOT NULL GROUP BY tier HAVING count(*) >= 2 ORDER BY count(*) DESC LIMIT 1`,
  );
  const { page, admin: verifier } = await signedInPage('kyc_verifier');
  await page.goto(`/users?tier=${tier}&sort=registered.desc&pageSize=25`);
  const rows = grid(page).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const ticked = (await rowLinks(page)).slice(0, 2).map((href) => href!.replace('/users/', ''));
  for (const index of [0, 1]) await rows.nth(index).getByRole('checkbox').check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await bar.getByRole('button', { name: 'Change tier' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change tiers' });
  await expect(dialog.getByText('2 selected users.')).toBeVisible();
  const next = tier === 5 ? 4 : tier + 1;
  await dialog.getByLabel('New tier').selectOption(String(next));
  await dialog.getByLabel('Reason').fill('Cohort reviewed in the e2e run');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('bulk-tier-preview').getByRole('status')).toContainText('2 users will change');
  await dialog.getByRole('button', { name: 'Apply to 2 users' }).click();
  await expect(dialog.getByTestId('bulk-tier-report').getByRole('status')).toContainText('2 tiers changed', { timeout: 60_000 });

  // The directory (kept by triggers in the write's transaction) and the identity map both say the new tier.
  const changed = await query<{ identity_hash: string; tier: number; map_tier: number | null }>(
    `SELECT ud.identity_hash, ud.tier, m.tier AS map_tier FROM user_directory ud LEFT JOIN identity_map m ON m.legacy_key = ud.identity_hash
      WHERE ud.id = ANY($1::uuid[])`,
    [ticked],
  );
  expect(changed.map((row) => row.tier)).toEqual([next, next]);
  const mapped = changed.filter((row) => row.map_tier !== null);
  expect(mapped.every((row) => row.map_tier === next)).toBe(true);
  const [event] = await query<{ rows: number }>(
    `SELECT jsonb_array_length(new_values -> 'rows') AS rows FROM audit_trail WHERE action = 'TIER_BULK_CHANGE' AND changed_by = $1`,
    [verifier.id],
  );
  expect(event.rows).toBe(2);
  const legacy = await page.request.get('/api/admin/user-tiers?limit=500', { headers: { 'X-Admin-Key': process.env.ADMIN_SECRET_KEY ?? '' } });
  const tiers = new Map(((await legacy.json()).users as Array<{ identityHash: string; tier: number }>).map((user) => [user.identityHash, user.tier]));
  expect(mapped.map((row) => tiers.get(row.identity_hash))).toEqual(mapped.map(() => next));
});
