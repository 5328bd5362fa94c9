import { expect, test } from '@playwright/test';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { signIn, signInAndExpectDashboard } from './fixtures/session';

test('[ACCOUNT-SECURITY]: a reset one-time password must be changed first; sign-out ends the session on the server', async ({ page, browser }) => {
  const root = await createAdmin('super_admin');
  const viewer = await createAdmin('viewer');

  // The super admin resets the viewer's password and reads the one-time password.
  await signInAndExpectDashboard(page, root);
  await page.goto('/settings/admin-users');
  const row = page.getByRole('row').filter({ hasText: viewer.email });
  await row.getByRole('button', { name: 'Reset password' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Reset password' }).click();
  const oneTimePassword = (await row.getByTestId('one-time-password').textContent())!.trim();
  expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{20}$/);

  // Signed in with it, the viewer reaches nothing but the password change.
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage, { email: viewer.email, password: oneTimePassword });
  await expect(viewerPage).toHaveURL(/\/change-password$/);
  await expect(viewerPage.getByText('You signed in with a one-time password.')).toBeVisible();
  await viewerPage.goto('/assets');
  await expect(viewerPage).toHaveURL(/\/change-password$/);

  // Field errors, then the change itself.
  await viewerPage.getByLabel('Current password').fill('not the password at all');
  await viewerPage.getByLabel('New password').fill('short');
  await viewerPage.getByLabel('Repeat the new password').fill('short');
  await viewerPage.getByRole('button', { name: 'Change password' }).click();
  await expect(viewerPage.locator('#newPassword-error')).toHaveText('Use at least 12 characters.');
  const chosen = 'my own viewer password 42';
  await viewerPage.getByLabel('New password').fill(chosen);
  await viewerPage.getByLabel('Repeat the new password').fill(chosen);
  await viewerPage.getByRole('button', { name: 'Change password' }).click();
  await expect(viewerPage.locator('#currentPassword-error')).toHaveText('The current password is not right.');
  await viewerPage.getByLabel('Current password').fill(oneTimePassword);
  await viewerPage.getByLabel('New password').fill(chosen);
  await viewerPage.getByLabel('Repeat the new password').fill(chosen);
  await viewerPage.getByRole('button', { name: 'Change password' }).click();
  await expect(viewerPage).toHaveURL(/\/dashboard$/);
  await expect(viewerPage.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  // Sign out, then replay the old session cookie: the server refuses it.
  const cookies = await viewerContext.cookies();
  await viewerPage.getByRole('button', { name: /^User menu/ }).click();
  await viewerPage.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(viewerPage).toHaveURL(/\/login/);
  const replayContext = await browser.newContext();
  await replayContext.addCookies(cookies);
  const replayPage = await replayContext.newPage();
  await replayPage.goto('/dashboard');
  await expect(replayPage).toHaveURL(/\/login/);
  const [session] = await query<{ revoked: boolean }>(
    `SELECT revoked_at IS NOT NULL AS revoked FROM admin_sessions WHERE admin_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [viewer.id],
  );
  expect(session.revoked).toBe(true);

  // The chosen password works; the one-time password no longer does.
  await signInAndExpectDashboard(replayPage, { email: viewer.email, password: chosen });
  await viewerContext.close();
  await replayContext.close();
  await deactivateAdmin(root);
  await deactivateAdmin(viewer);
});
