import { expect, test } from '@playwright/test';
import { createAdmin, deactivateAdmin } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';
import { ADMIN_PAGES, recordPages, waitUntilFor } from './pages';

// The tests are independent, each with an admin of its own (in parallel mode each test runs the hooks itself):
// both workers take them, so the long sweeps run side by side instead of one after another (decision 082).
test.describe.configure({ mode: 'parallel' });

// Each theme once, at the two laptop widths the admins use: every screen is still seen light and dark.
const TOURS = [
  { viewport: { width: 1440, height: 900 }, colorScheme: 'light' },
  { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
] as const;

// Not an assertion of looks: full-page screenshots of every screen, kept as test artifacts
// (test-results/…/*.png) for a person to look at after a UI change.
for (const { viewport, colorScheme } of TOURS) {
  test(`[TOUR]: every screen at ${viewport.width}×${viewport.height}, ${colorScheme}`, async ({ page }, testInfo) => {
    test.setTimeout(300_000);
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme });
    const admin = await createAdmin('super_admin');
    await page.goto('/login');
    await page.screenshot({ path: testInfo.outputPath('00-login.png'), fullPage: true });
    await signInAndExpectDashboard(page, admin);
    for (const [index, path] of [...ADMIN_PAGES, ...(await recordPages())].entries()) {
      await page.goto(path, { waitUntil: waitUntilFor(path) });
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const name = `${String(index + 1).padStart(2, '0')}-${path.slice(1).replace(/\//g, '-')}.png`;
      await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
    }
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Aswan');
    await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('99-command-palette.png') });
    await deactivateAdmin(admin);
  });
}
