import { expect, test, type Page } from '@playwright/test';
import { createAdmin, deactivateAdmin, type TestAdmin } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';
import { ADMIN_PAGES, waitUntilFor } from './pages';

type Violation = { directive: string; blocked: string; sourceFile: string };

/**
 * Records every Content-Security-Policy violation and page error. Playwright's init scripts are not
 * subject to the page's policy, so the listener is in place before any page script runs.
 */
async function watchForViolations(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    const store: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = store;
    document.addEventListener('securitypolicyviolation', (event) =>
      store.push({ directive: event.violatedDirective, blocked: event.blockedURI || 'inline', sourceFile: event.sourceFile }),
    );
  });
  return async () => {
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? []);
    // None tolerated: no client bundle carries Next's `crypto` polyfill and its `new Function` probe any more (decision 066).
    return [...problems, ...violations.map((violation) => `${violation.directive} blocked ${violation.blocked} in ${violation.sourceFile || 'the page'}`)];
  };
}

// The tests are independent, each with an admin of its own (in parallel mode each test runs the hooks itself):
// both workers take them, so the long sweeps run side by side instead of one after another (decision 082).
test.describe.configure({ mode: 'parallel' });

test.describe('HTTP hardening', () => {
  let admin: TestAdmin;
  test.beforeAll(async () => {
    admin = await createAdmin('super_admin');
  });
  test.afterAll(async () => {
    await deactivateAdmin(admin);
  });

  test('[SEC-HTTP]: a page carries a nonce-only script policy, a fresh nonce each time, no framing, and a Permissions-Policy', async ({ request }) => {
    const first = await request.get('/login');
    const second = await request.get('/login');
    const policy = first.headers()['content-security-policy'];
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain(`frame-ancestors 'none'`);
    const nonce = (value: string) => /'nonce-([^']+)'/.exec(value)![1];
    expect(nonce(policy)).not.toBe(nonce(second.headers()['content-security-policy']));
    // Every script element of the page carries this response's nonce.
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce(policy)}"`);
    expect(first.headers()['permissions-policy']).toContain('camera=()');
    expect((await request.get('/api/health')).headers()['permissions-policy']).toContain('camera=()');
  });

  test('[SEC-HTTP]: HSTS only when the request came over HTTPS', async ({ request }) => {
    expect((await request.get('/login')).headers()).not.toHaveProperty('strict-transport-security');
    const overHttps = await request.get('/login', { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(overHttps.headers()['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(overHttps.headers()['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  test('[SEC-HTTP]: sign-in and every admin page hydrate with no CSP violation or page error', async ({ page }) => {
    test.setTimeout(300_000);
    const problems = await watchForViolations(page);
    await page.goto('/login');
    // The theme class comes from next-themes' inline script: it ran, so the nonce reached it.
    await expect(page.locator('html')).toHaveClass(/light|dark/);
    expect(await problems()).toEqual([]);
    await signInAndExpectDashboard(page, admin);
    for (const path of ADMIN_PAGES) {
      await page.goto(path, { waitUntil: waitUntilFor(path) });
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await problems(), path).toEqual([]);
    }
    // Hydrated: a client-side control responds (the command palette opens from the keyboard).
    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog')).toBeVisible();
  });
});
