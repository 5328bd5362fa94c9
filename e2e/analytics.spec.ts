import { expect, test } from '@playwright/test';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';

test('[ANALYTICS]: charts follow the URL range, a new range changes the URL and the tables, and Refresh now moves "last refreshed"', async ({ page }) => {
  const manager = await createAdmin('asset_manager');
  try {
    await signInAndExpectDashboard(page, manager);
    await page.getByRole('link', { name: 'Analytics', exact: true }).first().click();
    await expect(page).toHaveURL(/\/analytics$/);
    // The first render reads every aggregate; a loaded machine took over 10 s for it.
    await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Analytics');

    // The default range: 90 days ending at the newest day the aggregates hold, one table row per day.
    const from = page.getByLabel('From (UTC day)');
    const to = page.getByLabel('To (UTC day, included)');
    const end = await to.inputValue();
    expect(end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const newUsers = page.getByRole('table', { name: 'New users per day' });
    await expect(newUsers.locator('tbody tr')).toHaveCount(90);
    for (const title of [
      'Registered users',
      'Investments per day',
      'Blocks and transactions per day',
      'Tier distribution',
      'KYC applications by status',
      'AUM',
    ]) {
      await expect(page.getByText(title, { exact: true }).first()).toBeVisible();
    }
    // Each chart exports its data through the exports route.
    const exportHref = await page.getByRole('link', { name: 'Export CSV' }).first().getAttribute('href');
    expect(exportHref).toMatch(/^\/api\/exports\/analytics-trend\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&granularity=day&columns=/);

    // A new range and granularity: the URL carries it, and the tables follow.
    const start = new Date(Date.parse(`${end}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10);
    await from.fill(start);
    await page.getByLabel('Granularity').selectOption('week');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`/analytics\\?from=${start}&to=${end}&granularity=week$`));
    const weekly = page.getByRole('table', { name: 'New users per week' });
    // 14 days span two or three Monday-based weeks.
    await expect(weekly).toHaveCount(1, { timeout: 30_000 });
    expect(await weekly.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await weekly.locator('tbody tr').count()).toBeLessThanOrEqual(3);
    await expect(page.getByRole('table', { name: 'New users per day' })).toHaveCount(0);

    // A preset range link reproduces its view from the URL alone.
    await page.getByRole('link', { name: 'Last 30 days' }).click();
    await expect(page).toHaveURL(/granularity=week$/);
    await page.reload();
    await expect(page.getByLabel('To (UTC day, included)')).toHaveValue(end);

    // Refresh now: the real-time figures' refresh time moves.
    const refreshed = page.getByTestId('analytics-refreshed').locator('time');
    const before = await refreshed.getAttribute('datetime');
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Refreshed \d+ aggregates/ })).toBeVisible({ timeout: 30_000 });
    await expect(refreshed).not.toHaveAttribute('datetime', before ?? '');
    const [row] = await query<{ refreshed_at: Date }>(`SELECT refreshed_at FROM analytics_refreshes WHERE view_name = 'real_time_stats'`);
    expect(await refreshed.getAttribute('datetime')).toBe(new Date(row.refreshed_at).toISOString());
    const [event] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'ANALYTICS_REFRESHED' AND actor_label = $1`, [
      manager.email,
    ]);
    expect(event.n).toBe(1);
  } finally {
    await deactivateAdmin(manager);
  }
});

test('[ANALYTICS]: a viewer sees the figures but no refresh button', async ({ page }) => {
  const viewer = await createAdmin('viewer');
  try {
    await signInAndExpectDashboard(page, viewer);
    await page.goto('/analytics?granularity=month');
    await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
    await expect(page.getByTestId('kpi-total-users')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Refresh now' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveCount(0);
  } finally {
    await deactivateAdmin(viewer);
  }
});
