import { type Request } from '@playwright/test';
import { createAdmin, deactivateAdmin, query, uniqueEmail } from './fixtures/db';
import { expect, signInAndExpectDashboard, test } from './fixtures/session';

test('[ADMIN-USERS]: super admin creates an admin, changes the role, resets the password, deactivates', async ({ signedInPage }) => {
  const { page, admin: root } = await signedInPage('super_admin');
  await page.goto('/dashboard');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings · Admin users' })).toBeVisible();

  const email = uniqueEmail('new-kyc');
  const createForm = page.getByRole('region', { name: 'Add an admin user' });
  await createForm.getByLabel('Email').fill(email);
  await createForm.getByLabel('Name').fill('New Verifier');
  await createForm.getByLabel('Role').selectOption('kyc_verifier');
  await createForm.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('one-time-password')).toHaveText(/^[A-Za-z0-9]{20}$/);

  const row = page.getByRole('row').filter({ hasText: email });
  await row.getByLabel(`Role of ${email}`).selectOption('auditor');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByRole('status')).toHaveText(`${email} is now Auditor.`);

  await row.getByRole('button', { name: 'Reset password' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Reset password' }).click();
  await expect(row.getByTestId('one-time-password')).toBeVisible();

  await row.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('deactivated');

  const [stored] = await query<{ id: string; role: string; is_active: boolean }>(`SELECT id, role, is_active FROM admin_users WHERE email = $1`, [email]);
  expect(stored).toMatchObject({ role: 'auditor', is_active: false });
  const audit = await query<{ action: string; old_role: string | null; new_role: string | null; actor_label: string }>(
    `SELECT action, old_values->>'role' AS old_role, new_values->>'role' AS new_role, actor_label
       FROM audit_trail WHERE table_name = 'admin_users' AND record_id = $1 ORDER BY seq`,
    [stored.id],
  );
  expect(audit[0]).toMatchObject({ action: 'INSERT', new_role: 'kyc_verifier', actor_label: root.email });
  expect(audit).toContainEqual({ action: 'UPDATE', old_role: 'kyc_verifier', new_role: 'auditor', actor_label: root.email });
});

test('[ADMIN-USERS]: a viewer can neither open the page nor invoke its server action directly', async ({ page, browser }) => {
  const root = await createAdmin('super_admin');
  const viewer = await createAdmin('viewer');

  // Capture a genuine create-admin action request from the super admin's page.
  await signInAndExpectDashboard(page, root);
  await page.goto('/settings/admin-users');
  const probeEmail = uniqueEmail('probe');
  const createForm = page.getByRole('region', { name: 'Add an admin user' });
  await createForm.getByLabel('Email').fill(probeEmail);
  await createForm.getByLabel('Role').selectOption('super_admin');
  const [actionRequest] = await Promise.all([
    page.waitForRequest((request: Request) => request.method() === 'POST' && !!request.headers()['next-action']),
    createForm.getByRole('button', { name: 'Create' }).click(),
  ]);
  await expect(page.getByTestId('one-time-password')).toBeVisible();

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signInAndExpectDashboard(viewerPage, viewer);
  await expect(viewerPage.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await viewerPage.goto('/settings/admin-users');
  await expect(viewerPage.getByTestId('access-denied')).toContainText('Access denied');
  await expect(viewerPage.getByRole('button', { name: 'Create' })).toHaveCount(0);

  const forgedEmail = uniqueEmail('forged');
  const headers = await actionRequest.allHeaders();
  const response = await viewerPage.request.post('/settings/admin-users', {
    headers: { 'next-action': headers['next-action'], 'content-type': headers['content-type'], accept: 'text/x-component' },
    data: actionRequest.postDataBuffer()!.toString('utf8').replace(probeEmail, forgedEmail),
  });
  expect(await response.text()).toContain('You do not have permission to do this.');
  expect(await query(`SELECT 1 FROM admin_users WHERE email = $1`, [forgedEmail])).toHaveLength(0);

  await viewerContext.close();
  await deactivateAdmin(root);
  await deactivateAdmin(viewer);
});
