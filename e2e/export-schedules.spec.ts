import { expect, test } from '@playwright/test';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';

test('[EXPORTS][SCHEDULES]: a schedule made from a saved view through the picker previews its next runs, then pauses, resumes and is deleted after confirmations', async ({
  page,
}) => {
  const auditor = await createAdmin('auditor');
  const viewName = `Logins ${crypto.randomUUID().slice(0, 6)}`;
  const scheduleName = `Weekly logins ${crypto.randomUUID().slice(0, 6)}`;
  const state = 'action=LOGIN&columns=seq,actor,action&sort=seq.desc';
  await query(`INSERT INTO saved_views (owner_id, grid, name, state) VALUES ($1, 'audit', $2, $3)`, [auditor.id, viewName, state]);
  try {
    await signInAndExpectDashboard(page, auditor);
    await page.goto('/exports/schedules');
    const form = page.getByTestId('schedule-form');
    await form.getByLabel('Name').fill(scheduleName);
    await form.getByLabel('Grid').selectOption({ label: 'Audit trail' });
    await form.getByLabel('Saved view').selectOption({ label: viewName });
    await expect(form.getByTestId('schedule-view-state')).toContainText('action=LOGIN');
    // With a view chosen, the pasted-URL option is not offered: the view's state is what runs.
    await expect(form.getByText('Advanced: paste a grid URL instead')).toHaveCount(0);

    await form.getByLabel('Cron').fill('0 6 * * 1');
    await form.getByLabel('Time zone (IANA)').fill('Africa/Cairo');
    await form.getByRole('button', { name: 'Preview the next runs' }).click();
    const runs = form.getByTestId('schedule-preview').getByRole('listitem');
    await expect(runs).toHaveCount(5);
    await expect(runs.first()).toContainText('Monday');
    await expect(runs.first()).toContainText('(Africa/Cairo)');
    await expect(runs.first()).toContainText('04:00 UTC');

    await form.getByLabel('Reason').fill('Weekly review of sign-ins');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    const row = page.getByTestId('export-schedule').filter({ hasText: scheduleName });
    await expect(row).toBeVisible();
    await expect(row.getByText('active', { exact: true })).toBeVisible();
    const [stored] = await query<{ id: string; saved_view_id: string; params: Record<string, string> }>(
      `SELECT id, saved_view_id, params FROM export_schedules WHERE name = $1`,
      [scheduleName],
    );
    expect(stored.params).toMatchObject({ action: 'LOGIN', columns: 'seq,actor,action', sort: 'seq.desc' });
    const [view] = await query<{ id: string }>(`SELECT id FROM saved_views WHERE owner_id = $1 AND name = $2`, [auditor.id, viewName]);
    expect(stored.saved_view_id).toBe(view.id);

    await row.getByRole('button', { name: 'Pause' }).click();
    const pauseDialog = page.getByRole('alertdialog', { name: `Pause "${scheduleName}"?` });
    await pauseDialog.getByRole('button', { name: 'Pause' }).click();
    await expect(row.getByText('paused', { exact: true })).toBeVisible();

    await row.getByRole('button', { name: 'Resume' }).click();
    const resumeDialog = page.getByRole('alertdialog', { name: `Resume "${scheduleName}"?` });
    await resumeDialog.getByRole('button', { name: 'Resume' }).click();
    await expect(row.getByText('active', { exact: true })).toBeVisible();

    // Cancelling a confirmation leaves the schedule as it was.
    await row.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('alertdialog', { name: `Delete "${scheduleName}"?` })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('alertdialog', { name: `Delete "${scheduleName}"?` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(page.getByTestId('export-schedule').filter({ hasText: scheduleName })).toHaveCount(0);
    expect(await query(`SELECT 1 FROM export_schedules WHERE name = $1`, [scheduleName])).toHaveLength(0);
    const actions = await query<{ action: string }>(`SELECT action FROM audit_trail WHERE table_name = 'export_schedules' AND actor_label = $1 ORDER BY seq`, [
      auditor.email,
    ]);
    expect(actions.map((entry) => entry.action)).toEqual(['EXPORT_SCHEDULED', 'SCHEDULE_PAUSED', 'SCHEDULE_RESUMED', 'SCHEDULE_DELETED']);
  } finally {
    await deactivateAdmin(auditor);
  }
});
