import { expect, test } from '@playwright/test';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';

test('[SHELL]: keyboard only, an admin opens the command palette, finds a user by the last four digits of a phone and opens it', async ({ page }) => {
  const [user] = await query<{ identity_hash: string; phone_last4: string }>(
    `SELECT min(identity_hash) AS identity_hash, phone_last4 FROM user_profiles
      WHERE phone_last4 IS NOT NULL GROUP BY phone_last4 HAVING count(*) = 1 ORDER BY phone_last4 LIMIT 1`,
  );
  const admin = await createAdmin('kyc_verifier');
  await signInAndExpectDashboard(page, admin);

  await page.keyboard.press('Control+K');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type(user.phone_last4);
  const hit = palette.getByRole('option').filter({ hasText: `phone ending ${user.phone_last4}` });
  await expect(hit).toHaveCount(1);
  await page.keyboard.press('Home');
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  const opened = page.getByRole('dialog', { name: /^User 0x/ });
  await expect(opened).toBeVisible();
  await expect(opened).toContainText(user.identity_hash);
  await expect(opened).toContainText(`ending ${user.phone_last4}`);
  await page.keyboard.press('Escape');
  await expect(opened).toBeHidden();

  // A viewer's palette offers only the pages it may open and finds no users.
  const viewer = await createAdmin('viewer');
  const viewerPage = await page.context().browser()!.newPage();
  await signInAndExpectDashboard(viewerPage, viewer);
  await viewerPage.keyboard.press('Control+K');
  const viewerPalette = viewerPage.getByRole('dialog', { name: 'Command palette' });
  await expect(viewerPalette.getByRole('option', { name: 'Audit' })).toHaveCount(0);
  await viewerPage.keyboard.type(user.phone_last4);
  await expect(viewerPalette).toContainText(`Nothing matches “${user.phone_last4}”`);
  await viewerPage.close();
  await deactivateAdmin(admin);
  await deactivateAdmin(viewer);
});

test('[SHELL]: an admin changes their own password from the user menu and signs in with the new one', async ({ page }) => {
  const admin = await createAdmin('viewer');
  await signInAndExpectDashboard(page, admin);
  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change password' });
  // A submitted form is cleared (passwords are not kept in the page), so each attempt fills all three.
  async function submit(currentPassword: string) {
    await dialog.getByLabel('Current password').fill(currentPassword);
    await dialog.getByLabel('New password', { exact: true }).fill('a fresh password 123');
    await dialog.getByLabel('Repeat the new password').fill('a fresh password 123');
    await dialog.getByRole('button', { name: 'Change password' }).click();
  }
  await submit('not the password');
  await expect(dialog.getByLabel('Current password')).toHaveAccessibleDescription('The current password is not right.');
  await submit(admin.password);
  await expect(page.getByText('Your password has been changed.')).toBeVisible();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signInAndExpectDashboard(page, { email: admin.email, password: 'a fresh password 123' });
  await deactivateAdmin(admin);
});
