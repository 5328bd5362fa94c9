import { parse } from 'csv-parse/sync';
import { query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { LOCK } from './locks';

// Exports as the run's auditor.
test.describe.configure({ lock: LOCK.runAdminExports });

test.use({ role: 'auditor' });

// The e2e server runs with EXPORT_BACKGROUND_THRESHOLD_ROWS=1000 (playwright.config.ts): this filter leaves more.
const MATCHING = 1_100;

test('[EXPORTS][BACKGROUND]: a filtered export over the threshold is queued, shows its progress on Exports, then downloads only the filtered rows', async ({
  page,
}) => {
  const table = `e2e_bg_${crypto.randomUUID().slice(0, 8)}`;
  await query(
    `INSERT INTO audit_trail (table_name, record_id, action, actor_label, source)
     SELECT $1, 'r' || i, CASE WHEN i < $2 THEN 'LOGIN' ELSE 'UPDATE' END, 'background-e2e@test.pend', 'system' FROM generate_series(0, $2 + 99) i`,
    [table, MATCHING],
  );
  await page.goto(`/audit?table=${table}&action=LOGIN&columns=seq,action,table`);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('menuitem', { name: 'CSV', exact: true }).click();

  await expect(page).toHaveURL(/\/exports\?job=/);
  const jobId = new URL(page.url()).searchParams.get('job')!;
  const row = page.getByTestId('export-job').filter({ hasText: jobId });
  await expect(row).toBeVisible();
  // Progress: the state badge moves from queued/running to completed without a reload (the page polls every 2 s).
  await expect(row.getByTestId('export-state')).toHaveText(/^(queued|running|completed)$/);
  const link = row.getByTestId('export-download');
  await expect(link).toBeVisible({ timeout: 60_000 });
  await expect(row.getByTestId('export-state')).toHaveText('completed');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
  const records = parse(bytes, { relax_column_count: true }) as string[][];
  expect(records[0]).toEqual(['#', 'Action', 'Table · record']);
  const body = records.slice(1, -1);
  expect(body).toHaveLength(MATCHING);
  expect(body.every((record) => record[1] === 'LOGIN' && record[2].startsWith(`${table} · `))).toBe(true);
  expect(records.at(-1)![0]).toContain(jobId);

  const [job] = await query<{ state: string; is_background: boolean; row_count: string; sha256: string }>(
    `SELECT state, is_background, row_count::text, sha256 FROM export_jobs WHERE id = $1`,
    [jobId],
  );
  expect(job).toMatchObject({ state: 'completed', is_background: true, row_count: String(MATCHING) });
  await expect(row.getByTestId('export-sha256')).toHaveText(job.sha256);
  await expect
    .poll(async () =>
      (await query<{ action: string }>(`SELECT action FROM audit_trail WHERE table_name = 'export_jobs' AND record_id = $1 ORDER BY seq`, [jobId])).map(
        (entry) => entry.action,
      ),
    )
    .toEqual(['EXPORT_QUEUED', 'EXPORT_COMPLETED', 'EXPORT_DOWNLOADED']);
});
