import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { EXCLUSIVE } from './locks';

// Exclusive: the cut-over switches the storage mode of the whole app, and the rollback rewrites the legacy files.
test.describe.configure({ lock: EXCLUSIVE });

test.use({ role: 'super_admin' });

const legacyDir = process.env.LEGACY_DATA_DIR ?? '';
const tiersFile = path.join(legacyDir, 'admin-pool-tiers.json');

// A failure between cut-over and rollback must not leave the e2e app in pg-primary for the specs after this one.
test.afterEach(async () => {
  await query(`UPDATE app_settings SET value = to_jsonb('json-primary'::text) WHERE key = 'storage_mode' AND value <> to_jsonb('json-primary'::text)`);
});

async function waitForEnabled(page: Page, testId: string) {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId(testId).isEnabled();
      },
      { timeout: 40_000, intervals: [1_000, 2_000] },
    )
    .toBe(true);
}

test('[CUTOVER]: gate stays shut until every check passes; pg-primary edits reach the legacy file; rollback gives files equal to PostgreSQL', async ({
  page,
  admin: root,
}) => {
  test.skip(!legacyDir, 'npm test runs the e2e app on a legacy folder (LEGACY_DATA_DIR)');
  test.setTimeout(180_000);
  // The run's super admin acts in other specs too: only this test's audit entries count.
  const [{ seq: startSeq }] = await query<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit_trail`);
  await page.goto('/migration');
  const panel = page.getByTestId('cutover-panel');
  await expect(panel).toContainText('json-primary');
  await expect(page.getByTestId('cutover-button')).toBeDisabled();

  // A forged submit of the disabled form reaches the action itself, which refuses it.
  await panel.getByLabel('Reason (recorded in the audit trail)').evaluate((input: HTMLInputElement) => {
    input.disabled = false;
    input.value = 'forged attempt before the gate opened';
  });
  await page.getByTestId('cutover-button').evaluate((button: HTMLButtonElement) => {
    button.disabled = false;
    button.click();
  });
  await expect(panel.getByTestId('form-message')).toContainText('The cut-over gate is closed');
  expect((await query<{ value: string }>(`SELECT value #>> '{}' AS value FROM app_settings WHERE key = 'storage_mode'`))[0]?.value ?? 'json-primary').toBe(
    'json-primary',
  );

  await panel.getByRole('button', { name: 'Verify backup' }).click();
  await expect(panel.getByText('Backup verified')).toBeVisible({ timeout: 30_000 });
  await panel.getByRole('button', { name: 'Rehearse rollback' }).click();
  await expect(panel.getByText('Rollback rehearsed')).toBeVisible({ timeout: 30_000 });
  await waitForEnabled(page, 'cutover-button');

  await page.getByTestId('cutover-panel').getByLabel('Reason (recorded in the audit trail)').fill('e2e: planned cut-over window');
  await page.getByTestId('cutover-button').click();
  await expect(page.getByTestId('storage-mode')).toHaveText('pg-primary', { timeout: 15_000 });

  // An edit in the admin UI, with PostgreSQL as the truth, is mirrored into the legacy file.
  await page.goto('/pool-tiers');
  await page.getByLabel('Minimum tier for gold-vault').selectOption('5');
  await page.getByRole('row').filter({ hasText: 'gold-vault' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'gold-vault' }).getByRole('status')).toHaveText('gold-vault now requires tier 5.');
  await expect.poll(() => (JSON.parse(readFileSync(tiersFile, 'utf8')) as Record<string, number>)['gold-vault'], { timeout: 20_000 }).toBe(5);
  // The legacy protocol renames the new file into place, then removes its lock: a reader can see the
  // new content a moment before the lock is gone, so "nothing left behind" is awaited, not sampled.
  await expect.poll(() => existsSync(`${tiersFile}.lock`) || existsSync(`${tiersFile}.tmp`), { timeout: 5_000 }).toBe(false);
  expect(readFileSync(tiersFile, 'utf8')).toBe(`${JSON.stringify(JSON.parse(readFileSync(tiersFile, 'utf8')), null, 2)}\n`);

  await page.goto('/migration');
  await waitForEnabled(page, 'rollback-button');
  await page.getByTestId('cutover-panel').getByLabel('Reason (recorded in the audit trail)').fill('e2e: rehearse going back to JSON');
  await page.getByTestId('rollback-button').click();
  await expect(page.getByTestId('storage-mode')).toHaveText('json-primary', { timeout: 15_000 });

  // The files after rollback re-verify against PostgreSQL: same records, same root hashes.
  const verify = execFileSync(path.resolve('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/migrate-verify.ts', '--from', legacyDir], {
    env: process.env,
    encoding: 'utf8',
  });
  expect(verify).toMatch(/Verify run .*: validated/);
  const actions = await query<{ action: string }>(
    `SELECT action FROM audit_trail WHERE action IN ('CUTOVER', 'ROLLBACK_TO_JSON', 'LEGACY_WRITE') AND actor_label = $1 AND seq > $2 ORDER BY seq`,
    [root.email, startSeq],
  );
  expect(actions.map((row) => row.action)).toEqual(['CUTOVER', 'LEGACY_WRITE', 'ROLLBACK_TO_JSON']);
});
