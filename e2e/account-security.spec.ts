import { expect, test } from '@playwright/test';
import { authenticator } from 'otplib';
import { auditActionsFor, createAdmin, deactivateAdmin, query } from './fixtures/db';
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

  // The rules are on screen before anything is sent; then field errors, then the change itself.
  await expect(viewerPage.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/^At least 12 characters/);
  await viewerPage.getByLabel('Current password').fill('not the password at all');
  await viewerPage.getByLabel('New password', { exact: true }).fill('short');
  await viewerPage.getByLabel('Repeat the new password').fill('short');
  await viewerPage.getByRole('button', { name: 'Change password' }).click();
  await expect(viewerPage.locator('#newPassword-error')).toHaveText('Use at least 12 characters.');
  const chosen = 'my own viewer password 42';
  // A submitted form is reset (React form actions), so every field is filled again.
  await viewerPage.getByLabel('Current password').fill('not the password at all');
  await viewerPage.getByLabel('New password', { exact: true }).fill(chosen);
  await viewerPage.getByLabel('Repeat the new password').fill(chosen);
  await viewerPage.getByRole('button', { name: 'Change password' }).click();
  await expect(viewerPage.locator('#currentPassword-error')).toHaveText('The current password is not right.');
  await viewerPage.getByLabel('Current password').fill(oneTimePassword);
  await viewerPage.getByLabel('New password', { exact: true }).fill(chosen);
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

test('[ACCOUNT-SECURITY]: enrol an authenticator, sign out, sign in with a code; a replayed code is refused', async ({ page }) => {
  const admin = await createAdmin('auditor');
  await signInAndExpectDashboard(page, admin);
  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Two-step sign-in' }).click();
  await expect(page.getByRole('heading', { name: 'Account security' })).toBeVisible();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code of the authenticator link' }).locator('svg')).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  const enrolCode = authenticator.generate(secret);
  await page.getByLabel('Code from the app').fill(enrolCode);
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);

  await page.goto('/dashboard');
  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, admin);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\/verify$/);
  // The enrolment used this 30-second step: the same code again is a replay.
  await page.getByLabel('Code').fill(enrolCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#code-error')).toHaveText('That code is not valid.');
  // The next step's code (one step of drift is accepted) gets in.
  await page.getByLabel('Code').fill(authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  const actions = await auditActionsFor(admin.id);
  expect(actions).toEqual(expect.arrayContaining(['MFA_ENROLLED', 'MFA_FAILED', 'MFA_VERIFIED']));
  await deactivateAdmin(admin);
});
