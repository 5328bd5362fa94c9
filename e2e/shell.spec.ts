import { maskPhone } from '../lib/crypto';
import { storedPhone, storedPhoneColumns } from '../lib/testing/phones';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { expect, signInAndExpectDashboard, test } from './fixtures/session';

test('[SHELL]: keyboard only, an admin opens the command palette, finds a user by the last four digits of a phone and opens it', async ({ signedInPage }) => {
  // The database holds no clear digits (decision 052): the number is decrypted here with the app's keyring.
  const [row] = await query<{ identity_hash: string; ciphertext: string; key_id: string }>(
    `SELECT p.identity_hash, ${storedPhoneColumns('p.phone')} FROM user_profiles p
      WHERE p.phone_last4_token IN (SELECT phone_last4_token FROM user_profiles GROUP BY phone_last4_token HAVING count(*) = 1)
      ORDER BY p.identity_hash LIMIT 1`,
  );
  const phone = storedPhone(row);
  const user = { identity_hash: row.identity_hash, last4: phone.slice(-4), mask: maskPhone(phone) };
  const { page } = await signedInPage('kyc_verifier');
  await page.goto('/dashboard');

  await page.keyboard.press('Control+K');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type(user.last4);
  const hit = palette.getByRole('option').filter({ hasText: user.mask });
  await expect(hit).toHaveCount(1);
  await page.keyboard.press('Home');
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  const opened = page.getByRole('dialog', { name: /^User 0x/ });
  await expect(opened).toBeVisible();
  await expect(opened).toContainText(user.identity_hash);
  await expect(opened).toContainText(user.mask);
  await page.keyboard.press('Escape');
  await expect(opened).toBeHidden();

  // A viewer's palette offers only the pages it may open and finds no users.
  const { page: viewerPage } = await signedInPage('viewer');
  await viewerPage.goto('/dashboard');
  await viewerPage.keyboard.press('Control+K');
  const viewerPalette = viewerPage.getByRole('dialog', { name: 'Command palette' });
  await expect(viewerPalette.getByRole('option', { name: 'Audit' })).toHaveCount(0);
  await viewerPage.keyboard.type(user.last4);
  await expect(viewerPalette).toContainText(`Nothing matches “${user.last4}”`);
});

test('[SHELL]: an admin changes their own password from the user menu and signs in with the new one', async ({ page }) => {
  // Its own admin: the shared viewer's sessions would end with the password change.
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
