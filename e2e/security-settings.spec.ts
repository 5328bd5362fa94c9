import { expect, test } from '@playwright/test';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { signIn, signInAndExpectDashboard } from './fixtures/session';
import { EXCLUSIVE } from './locks';

// Exclusive: it requires two-step sign-in for every viewer, which would stop viewer sessions beside it.
test.describe.configure({ lock: EXCLUSIVE });

const KEY = 'mfa.required_roles';

test('[SECURITY-SETTINGS]: a super admin requires two-step sign-in for viewers after confirming; super admin stays locked; the change is audited; a viewer is sent to enrol', async ({
  page,
  browser,
}) => {
  const root = await createAdmin('super_admin');
  const viewer = await createAdmin('viewer');
  try {
    await signInAndExpectDashboard(page, root);
    await page.goto('/settings/security');
    await expect(page.getByRole('heading', { name: 'Settings · Security' })).toBeVisible();
    const superAdmin = page.getByRole('checkbox', { name: 'Super admin' });
    await expect(superAdmin).toBeChecked();
    await expect(superAdmin).toBeDisabled();
    await expect(superAdmin).toHaveAccessibleDescription('always required');

    await page.getByRole('checkbox', { name: 'Viewer' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText('Required for: Super admin, Viewer.');
    await confirm.getByRole('button', { name: 'Save' }).click();

    await expect
      .poll(async () => (await query<{ value: string[] }>(`SELECT value FROM app_settings WHERE key = $1`, [KEY]))[0]?.value)
      .toEqual(['super_admin', 'viewer']);
    const [audited] = await query<{ actor_label: string; source: string }>(
      `SELECT actor_label, source FROM audit_trail WHERE table_name = 'app_settings' AND record_id = $1 ORDER BY seq DESC LIMIT 1`,
      [KEY],
    );
    expect(audited).toEqual({ actor_label: root.email, source: 'admin-ui' });

    const viewerContext = await browser.newContext();
    const viewerPage = await viewerContext.newPage();
    await signIn(viewerPage, viewer);
    await expect(viewerPage.getByRole('heading', { name: 'Account security' })).toBeVisible();
    await viewerContext.close();
  } finally {
    // The rest of the suite runs without two-step sign-in (MFA_REQUIRED_ROLES is empty for e2e).
    await query(`DELETE FROM app_settings WHERE key = $1`, [KEY]);
    await deactivateAdmin(viewer);
    await deactivateAdmin(root);
  }
});
