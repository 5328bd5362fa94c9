import { expect, test } from '@playwright/test';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';
import { EXCLUSIVE } from './locks';

// Exclusive: the second test breaks the audit hash chain for a moment, which every audit screen and extract would show.
test.describe.configure({ lock: EXCLUSIVE });

test('[AUDIT]: auditor filters by action and sees the before/after diff', async ({ page }) => {
  const auditor = await createAdmin('auditor');
  await signInAndExpectDashboard(page, auditor);
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await expect(page.getByTestId('chain-state')).toContainText('Hash chain intact');

  await page.getByRole('button', { name: /^Filter by action/ }).click();
  await page.getByRole('option', { name: /^LOGIN [\d,]+$/ }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('searchbox', { name: 'Search actor or record id' }).fill(auditor.email);
  await expect(page).toHaveURL(/action=LOGIN.*q=|q=.*action=LOGIN/);
  const rows = page.getByTestId('audit-grid').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(auditor.email);

  await page.goto('/audit?table=admin_users&action=INSERT');
  await expect(page.getByTestId('audit-grid').locator('tbody tr').first()).toContainText('INSERT');
  await deactivateAdmin(auditor);
});

test('[AUDIT]: a row edited by the database superuser shows the chain broken at that entry', async ({ page }) => {
  const auditor = await createAdmin('auditor');
  await signInAndExpectDashboard(page, auditor);
  const [target] = await query<{ id: string; seq: string; action: string }>(
    `SELECT id, seq, action FROM audit_trail WHERE record_id = $1 AND action = 'LOGIN' ORDER BY seq DESC LIMIT 1`,
    [auditor.id],
  );
  const tamper = (action: string) =>
    query(`BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_trail SET action = '${action}' WHERE id = '${target.id}'; COMMIT;`);

  await tamper('FORGED');
  try {
    await page.goto('/audit');
    await expect(page.getByTestId('chain-state')).toContainText(`Hash chain broken at entry #${target.seq}`);
  } finally {
    await tamper(target.action);
  }
  await page.reload();
  await expect(page.getByTestId('chain-state')).toContainText('Hash chain intact');
  await deactivateAdmin(auditor);
});
