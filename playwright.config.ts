import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * E2E against a production build (`npm start` path) in Debian's chromium; never a downloaded browser.
 * `npm test` (scripts/test.ts) creates the fresh e2e database and passes DATABASE_URL.
 */
export default defineConfig({
  testDir: 'e2e',
  // One spec at a time by default: on this 2-core machine two workers, sharing the cores with the app and its
  // database, took longer than one (decision 082). E2E_WORKERS=2 (or more) on a bigger machine; the tests of one
  // spec still run in order in one worker, and a spec that must not run beside some others declares a lock
  // (e2e/locks.ts), one that must not run beside any the exclusive lock.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 1),
  forbidOnly: !!process.env.CI,
  retries: 0,
  // With E2E_WORKERS=2 on two cores a test's steps take up to twice as long as alone (decision 082).
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // The setup project signs each role in once and saves its session; the specs reuse them (e2e/fixtures/session.ts).
  // The legacy API specs share one worker-scoped app, database and ports (e2e/legacy-api/fixtures): one worker at
  // a time runs them, beside the main specs. Listed first, so they start at once and keep their worker.
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    { name: 'legacy-api', testMatch: /legacy-api\/.*\.spec\.ts$/, dependencies: ['setup'], workers: 1 },
    { name: 'e2e', testMatch: /\.spec\.ts$/, testIgnore: /legacy-api\//, dependencies: ['setup'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
    },
  },
  webServer: {
    command: 'npm start',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    // MFA_REQUIRED_ROLES empty: the suite signs super admins in with a password only; account-security.spec enrols its own admin.
    // EXPORT_BACKGROUND_THRESHOLD_ROWS low: background-exports.spec queues a filtered export of 1,100 rows (the grid counts it as "1,000+").
    env: {
      PORT: String(PORT),
      ADMIN_EMAIL: 'root@e2e.pend',
      ADMIN_PASSWORD: 'e2e-root-password-123',
      CUTOVER_QUIET_SECONDS: '0',
      MFA_REQUIRED_ROLES: '',
      EXPORT_BACKGROUND_THRESHOLD_ROWS: '1000',
    },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
