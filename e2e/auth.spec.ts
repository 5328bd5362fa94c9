import { expect, test } from '@playwright/test';
import { auditActionsFor, createAdmin, deactivateAdmin, query, uniqueEmail } from './fixtures/db';
import { signIn, signInAndExpectDashboard } from './fixtures/session';
import { EXCLUSIVE } from './locks';

// Exclusive: the dashboard's active-admin count is compared with the whole table, which specs beside it change.
test.describe.configure({ lock: EXCLUSIVE });

test('[AUTH]: admin signs in, sees real counts on the dashboard, signs out, all audited', async ({ page }) => {
  const admin = await createAdmin('auditor');
  await signInAndExpectDashboard(page, admin);
  // The cards are cached for 15 s, so wait for a render whose figure equals the database's count.
  const activeAdmins = page.getByTestId('dashboard-card').filter({ hasText: 'Active admin users' }).locator('[data-slot="kpi-value"]');
  await expect
    .poll(
      async () => {
        await page.reload();
        const [{ count }] = await query<{ count: string }>(`SELECT count(*) FROM admin_users WHERE is_active`);
        return (await activeAdmins.textContent()) === Number(count).toLocaleString('en-US');
      },
      { timeout: 25_000, intervals: [1_000, 2_000, 5_000] },
    )
    .toBe(true);
  await expect(page.getByTestId('storage-mode')).toHaveText('json-primary');

  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => auditActionsFor(admin.id)).toEqual(['INSERT', 'LOGIN', 'LOGOUT']);
  await deactivateAdmin(admin);
});

test('[AUTH]: wrong password and unknown email get the same generic message', async ({ page }) => {
  const admin = await createAdmin('viewer');
  await signIn(page, { email: admin.email, password: 'not-the-password' });
  await expect(page.getByTestId('form-message')).toHaveText('Invalid email or password.');
  await signIn(page, { email: uniqueEmail('nobody'), password: 'whatever' });
  await expect(page.getByTestId('form-message')).toHaveText('Invalid email or password.');
  await deactivateAdmin(admin);
});

test('[AUTH]: after five wrong passwords this client is refused even with the right password, with the same message', async ({ page }) => {
  const admin = await createAdmin('viewer');
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await signIn(page, { email: admin.email, password: `wrong-${attempt}` });
    await expect(page.getByTestId('form-message')).toHaveText('Invalid email or password.');
  }
  await signIn(page, admin);
  await expect(page.getByTestId('form-message')).toHaveText('Invalid email or password.');
  await expect(page).toHaveURL(/\/login/);

  const actions = await auditActionsFor(admin.id);
  expect(actions.filter((action) => action === 'LOGIN_FAILED')).toHaveLength(5);
  expect(actions.at(-1)).toBe('LOGIN_LOCKED');
  expect(actions).not.toContain('LOGIN');
  // No lock on the account: another client (lib/auth/authenticate.test.ts) still gets in.
  const [row] = await query<{ locked_until: string | null }>(`SELECT locked_until FROM admin_users WHERE id = $1`, [admin.id]);
  expect(row.locked_until).toBeNull();
  await deactivateAdmin(admin);
});

test('[AUTH]: a 1 MB password and an SQL-injection email get clear field errors and nothing breaks', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill("' OR 1=1; DROP TABLE admin_users; --");
  await page.getByLabel('Password').fill('x'.repeat(1_048_576));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#email-error')).toHaveText('Enter a valid email address.');
  await expect(page.locator('#password-error')).toHaveText('Password is too long.');

  await page.getByLabel('Email').fill("admin'--@e2e.pend");
  await page.getByLabel('Password').fill("' OR '1'='1");
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-message')).toHaveText('Invalid email or password.');
  const [{ count }] = await query<{ count: string }>(`SELECT count(*) FROM admin_users`);
  expect(Number(count)).toBeGreaterThan(0);
});

test('[AUTH]: a signed-out visitor is sent to the login page', async ({ page }) => {
  await page.goto('/settings/admin-users');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
