import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createAdmin, deactivateAdmin, type TestAdmin } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';
import { ADMIN_PAGES, recordPages, waitUntilFor } from './pages';

/**
 * Serious and critical WCAG 2.x A/AA violations on the page as it is now, one line each for a readable
 * failure. With `within`, only that part is checked: while a modal is open the rest of the page is
 * aria-hidden and inert by design (focus cannot leave the modal), which axe would report as
 * aria-hidden-focus on every link behind it.
 */
async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const { violations } = await (within ? builder.include(within) : builder).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary}`));
}

// The tests are independent, each with an admin of its own (in parallel mode each test runs the hooks itself):
// both workers take them, so the long sweeps run side by side instead of one after another (decision 082).
test.describe.configure({ mode: 'parallel' });

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });
    let admin: TestAdmin;
    test.beforeAll(async () => {
      admin = await createAdmin('super_admin');
    });
    test.afterAll(async () => {
      await deactivateAdmin(admin);
    });

    test(`[A11Y]: the sign-in page has no serious or critical violations (${colorScheme})`, async ({ page }) => {
      await page.goto('/login');
      await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /dark/ : /light/);
      expect(await seriousViolations(page)).toEqual([]);
    });

    test(`[A11Y]: every admin page has no serious or critical violations (${colorScheme})`, async ({ page }) => {
      // Fifteen pages, each opened and scanned by axe: about 15 s a page on a loaded two-core machine.
      test.setTimeout(420_000);
      await signInAndExpectDashboard(page, admin);
      for (const path of [...ADMIN_PAGES, ...(await recordPages()), '/no-such-page']) {
        await page.goto(path, { waitUntil: waitUntilFor(path) });
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });

    test(`[A11Y]: the command palette, the user menu and a confirm dialog have no serious or critical violations (${colorScheme})`, async ({ page }) => {
      await signInAndExpectDashboard(page, admin);
      await page.keyboard.press('Control+K');
      await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
      expect(await seriousViolations(page, '[role="dialog"]'), 'command palette').toEqual([]);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: /^User menu/ }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      expect(await seriousViolations(page, '[role="menu"]'), 'user menu').toEqual([]);
      await page.keyboard.press('Escape');

      await page.goto('/settings/admin-users');
      await page.getByRole('row').filter({ hasText: admin.email }).getByRole('button', { name: 'Reset password' }).click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      expect(await seriousViolations(page, '[role="alertdialog"]'), 'confirm dialog').toEqual([]);
      await page.keyboard.press('Escape');
    });
  });
}
