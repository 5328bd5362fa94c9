import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { LOCK } from './locks';

// Looks up the newest export job of the run's auditor and super admin.
test.describe.configure({ lock: LOCK.runAdminExports });

/** Entries of a table name of this run's own, with commas, quotes and Arabic in the actor, so the filtered grid shows only them. */
async function seedAuditEntries(count: number): Promise<string> {
  const table = `e2e_export_${crypto.randomUUID().slice(0, 8)}`;
  await query(
    `INSERT INTO audit_trail (table_name, record_id, action, actor_label, source)
     SELECT $1, 'r' || i, (ARRAY['LOGIN', 'UPDATE'])[1 + i % 2], CASE WHEN i % 3 = 0 THEN 'مدير, "النظام"' ELSE 'export-e2e@test.pend' END, 'system'
       FROM generate_series(0, $2 - 1) i`,
    [table, count],
  );
  return table;
}

test('[EXPORTS][CSV]: a filtered audit grid downloads exactly its filtered rows and visible columns; Verify names the job and rejects a changed byte', async ({
  signedInPage,
}, testInfo) => {
  const { page, admin: auditor } = await signedInPage('auditor');
  const table = await seedAuditEntries(40);
  await page.goto(`/audit?table=${table}&action=LOGIN&columns=seq,actor,action&pageSize=25`);
  await expect(page.getByTestId('grid-total')).toHaveText('20 shown of 20 rows');

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CSV', exact: true }).click()]);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const bytes = readFileSync(file);

  const records = parse(bytes, { relax_column_count: true }) as string[][];
  expect(records[0]).toEqual(['#', 'Actor', 'Action']);
  const expected = await query<{ seq: string; actor_label: string }>(
    `SELECT seq::text, actor_label FROM audit_trail WHERE table_name = $1 AND action = 'LOGIN' ORDER BY seq DESC`,
    [table],
  );
  expect(records.slice(1, -1)).toEqual(expected.map((row) => [row.seq, row.actor_label, 'LOGIN']));
  const [job] = await query<{ id: string; row_count: string; state: string }>(
    `SELECT id, row_count::text, state FROM export_jobs WHERE requested_by = $1 ORDER BY started_at DESC LIMIT 1`,
    [auditor.id],
  );
  expect(job).toMatchObject({ row_count: '20', state: 'completed' });
  expect(records.at(-1)![0]).toContain(job.id);

  await page.goto('/exports');
  await expect(page.getByTestId('export-job').first()).toContainText(job.id);

  await page.goto('/exports/verify');
  await page.getByLabel('File to verify').setInputFiles(file);
  await expect(page.getByTestId('verify-result')).toContainText('Byte-identical to a recorded export');
  await expect(page.getByTestId('verify-result')).toContainText(job.id);

  const changed = Buffer.from(bytes);
  changed[changed.length - 3] ^= 1;
  const changedFile = testInfo.outputPath(`changed-${download.suggestedFilename()}`);
  writeFileSync(changedFile, changed);
  await page.getByLabel('File to verify').setInputFiles(changedFile);
  await expect(page.getByTestId('verify-result')).toContainText('No match');
});

test('[EXPORTS][ACCESS]: a viewer without exports:create is refused with a JSON 403 and nothing is recorded', async ({ signedInPage }) => {
  const { page, admin: viewer } = await signedInPage('viewer');
  const response = await page.request.get('/api/exports/assets?format=csv');
  expect(response.status()).toBe(403);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatch(/permission/i);
  const rows = await query<{ count: string }>(`SELECT count(*)::text AS count FROM export_jobs WHERE requested_by = $1`, [viewer.id]);
  expect(rows[0].count).toBe('0');
});

test('[EXPORTS][PII]: on the wallets grid a super admin ticks "Include full phone numbers" and gives a reason; the CSV holds full numbers and the job is marked unmasked', async ({
  signedInPage,
}, testInfo) => {
  const { page, admin } = await signedInPage('super_admin');
  await page.goto('/explorer/wallets?columns=wallet,phone');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('menuitem', { name: 'CSV', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Include full phone numbers').check();
  await dialog.getByLabel('Reason').fill('e2e: regulator request 7');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);

  const records = parse(readFileSync(file), { relax_column_count: true }) as string[][];
  expect(records[0]).toEqual(['Wallet', 'Phone (full)']);
  const phones = records.slice(1).filter((record) => !record[0].startsWith('#') && record[1]);
  expect(phones.length, 'wallets with a stored number').toBeGreaterThan(0);
  // CSV text cells starting with "+" carry an apostrophe against formula injection.
  for (const [, phone] of phones) expect(phone).toMatch(/^'?\+?\d{6,15}$/);
  const [job] = await query<{ unmasked_pii: boolean; reason: string; grid: string }>(
    `SELECT unmasked_pii, reason, grid FROM export_jobs WHERE requested_by = $1 ORDER BY started_at DESC LIMIT 1`,
    [admin.id],
  );
  expect(job).toEqual({ unmasked_pii: true, reason: 'e2e: regulator request 7', grid: 'wallets' });
});

test('[EXPORTS][PII]: a role without users:reveal-pii is not offered full phone numbers on the wallets grid', async ({ signedInPage }) => {
  const { page } = await signedInPage('auditor');
  await page.goto('/explorer/wallets?columns=wallet,phone');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('menuitem', { name: 'CSV', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Reason')).toBeVisible();
  await expect(dialog.getByLabel('Include full phone numbers')).toHaveCount(0);
});
