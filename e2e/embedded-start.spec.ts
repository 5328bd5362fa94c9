import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const APP_PORT = 3190;
const PG_PORT = 54_390;

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

test('[START]: npm start without DATABASE_URL runs embedded PostgreSQL, writes a one-time admin password to a private file, serves login (password change, then two-step enrolment for a super admin), stops cleanly', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Left mode 700 as mkdtemp makes it: as root, PostgreSQL runs as `postgres`, which cannot enter it, so
  // the data is kept where that user can reach it (lib/embedded-postgres-as-root.ts).
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'pend-embedded-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(APP_PORT),
    EMBEDDED_PG_DIR: path.join(dataRoot, 'postgres'),
    EMBEDDED_PG_PORT: String(PG_PORT),
  };
  for (const name of ['DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) delete env[name];

  let output = '';
  const app: ChildProcess = spawn(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/start.ts'], { env });
  app.stdout!.on('data', (chunk) => (output += chunk));
  app.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => app.on('exit', resolve));
  try {
    await expect.poll(() => output, { timeout: 150_000, message: 'app did not become ready' }).toMatch(/Ready in/);
    expect(output).toContain('Embedded PostgreSQL running');
    // The password never reaches the log: only the path of a file its user alone can read.
    const file = /one-time password is in (\S+) \(/.exec(output)?.[1];
    expect(file, output).toBeDefined();
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    const password = /password: (\S+)/.exec(readFileSync(file!, 'utf8'))?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(output).not.toContain(password!);

    await page.goto(`http://127.0.0.1:${APP_PORT}/login`);
    await page.getByLabel('Email').fill('admin@pend.local');
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The first sign-in of a fresh server (a cold action, argon2) can take over 10 s on a busy machine.
    await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible({ timeout: 45_000 });
    const chosen = `chosen-${crypto.randomUUID()}`;
    await page.getByLabel('Current password').fill(password!);
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('Repeat the new password').fill(chosen);
    await page.getByRole('button', { name: 'Change password' }).click();
    // A super admin must enrol a second factor before anything else (MFA_REQUIRED_ROLES defaults to super_admin).
    await expect(page.getByRole('heading', { name: 'Account security' })).toBeVisible();
  } finally {
    app.kill('SIGTERM');
    await exited;
    // PostgreSQL's last processes may still be writing as the app exits (ENOTEMPTY): rmSync retries those.
    const removal = { recursive: true, force: true, maxRetries: 10, retryDelay: 300 };
    rmSync(dataRoot, removal);
    // As root the cluster lives outside the (unreachable) folder asked for: remove it too.
    const cluster = /Embedded PostgreSQL running on \S+ \(data in (\S+)\)/.exec(output)?.[1];
    if (cluster) for (const each of [cluster, `${cluster}.password`]) rmSync(each, removal);
  }
  expect(await isPortOpen(PG_PORT)).toBe(false);
});
