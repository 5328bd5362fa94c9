import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Page, type Request } from '@playwright/test';
import { query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { LOCK } from './locks';

// Changes the tiers of random users in explorer-data/identity-map.json.
test.describe.configure({ lock: LOCK.identityMap });

const ADMIN_KEY = { 'X-Admin-Key': process.env.ADMIN_SECRET_KEY ?? '' };

type Person = { hash: string; wallet: string; tier: number };

/** Identities the identity map and the wallet directory both hold, with their tier as PostgreSQL has it. */
async function people(count: number): Promise<Person[]> {
  return query<Person>(
    `SELECT m.legacy_key AS hash, d.wallet_address AS wallet, m.tier FROM identity_map m JOIN wallet_directory d ON d.legacy_key = m.legacy_key
      WHERE m.tier IS NOT NULL ORDER BY md5(m.legacy_key || $1) LIMIT $2`,
    [crypto.randomUUID(), count],
  );
}

async function dbTier(hash: string): Promise<number | null> {
  const [row] = await query<{ tier: number | null }>(`SELECT tier FROM identity_map WHERE legacy_key = $1`, [hash]);
  return row.tier;
}

function fileTier(hash: string): unknown {
  const map = JSON.parse(readFileSync(path.join(process.env.LEGACY_DATA_DIR ?? '', 'explorer-data/identity-map.json'), 'utf8')) as Record<
    string,
    { tier?: number }
  >;
  return map[hash]?.tier;
}

/** Serious and critical WCAG violations on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  const { violations: found } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);
}

/** An import file as Excel saves it in a comma-decimal locale: BOM, semicolons, CRLF, quoted reasons. */
function tierCsv(rows: Array<[string, string, string]>): Buffer {
  const quote = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [['User', 'New tier', 'Reason'], ...rows].map((row) => row.map(quote).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

test('[USERS][IMPORT]: a CSV dry run lists each bad row with its reason, applying it changes exactly the good rows (database, legacy file and legacy API), and a role without users:write is refused the page and the action', async ({
  signedInPage,
}, testInfo) => {
  test.setTimeout(180_000);
  const [good1, good2, same, dupe, bad] = await people(5);
  const next = (tier: number) => (tier + 1) % 6;
  const unknown = `0x${'e2'.repeat(32)}`;
  const file = tierCsv([
    [good1.hash, String(next(good1.tier)), 'Documents verified; branch visit'], // row 2: will change
    [good2.wallet.toUpperCase().replace('0X', '0x'), String(next(good2.tier)), 'Reviewed "in person"'], // row 3: will change (wallet)
    [same.hash, String(same.tier), 'Confirming the tier'], // row 4: no change
    [unknown, '2', 'Verified documents'], // row 5: unknown user
    [bad.hash, '9', 'Verified documents'], // row 6: bad tier
    [good1.hash, '5', 'Second thoughts'], // row 7: duplicate of row 2
    [dupe.hash, '2', ''], // row 8: no reason
  ]);

  const { page, admin: verifier } = await signedInPage('kyc_verifier');
  await page.goto('/users/import');
  await expect(page.getByRole('heading', { name: 'Import tiers' })).toBeVisible();
  await page.getByLabel('CSV file of tier updates').setInputFiles({ name: 'q4-tiers.csv', mimeType: 'text/csv', buffer: file });

  const dryRun = page.getByTestId('tier-import-dry-run');
  await expect(dryRun.getByRole('status')).toContainText('Dry run of q4-tiers.csv: 2 of 7 rows will change a tier');
  const row = (n: number) => dryRun.locator(`tr[data-row="${n}"]`);
  await expect(row(2)).toContainText('Will change');
  await expect(row(3)).toContainText('Will change');
  const expectRow = async (n: number, outcome: string, reason: string) => {
    await expect(row(n).getByRole('cell').nth(2)).toHaveText(outcome);
    await expect(row(n).getByRole('cell').nth(4)).toHaveText(reason);
  };
  await expectRow(4, 'No change', `already tier ${same.tier}`);
  await expectRow(5, 'Unknown user', 'no user has this identity hash');
  await expectRow(6, 'Bad tier', '"9" is not a tier (a whole number 0–5)');
  await expectRow(7, 'Duplicate row', 'the same user as row 2');
  await expectRow(8, 'Incomplete row', 'no reason, or one shorter than 5 characters');
  // The outcome filter shows only the rows of one outcome.
  await dryRun.getByRole('button', { name: 'Bad tier 1' }).click();
  await expect(dryRun.locator('tbody tr')).toHaveCount(1);
  await dryRun.getByRole('button', { name: 'All 7' }).click();
  await expect(dryRun.locator('tbody tr')).toHaveCount(7);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('tier-import-dry-run.png'), fullPage: true });
  // The dry run writes nothing.
  expect(await dbTier(good1.hash)).toBe(good1.tier);

  await dryRun.getByRole('button', { name: 'Apply 2 tier changes' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Apply this import?' });
  // Chromium does not expose a request body holding a file, so the apply action is recognised by its header and replayed below with a body of our own.
  const [applyRequest] = await Promise.all([
    page.waitForRequest((request: Request) => request.method() === 'POST' && !!request.headers()['next-action']),
    confirm.getByRole('button', { name: 'Apply' }).click(),
  ]);
  const result = page.getByTestId('tier-import-result');
  await expect(result.getByRole('status')).toContainText('2 tiers changed from q4-tiers.csv');

  // Exactly the good rows changed: PostgreSQL, the legacy file and the legacy API agree.
  expect([await dbTier(good1.hash), await dbTier(good2.hash)]).toEqual([next(good1.tier), next(good2.tier)]);
  expect([await dbTier(same.hash), await dbTier(bad.hash), await dbTier(dupe.hash)]).toEqual([same.tier, bad.tier, dupe.tier]);
  expect([fileTier(good1.hash), fileTier(good2.hash), fileTier(bad.hash)]).toEqual([next(good1.tier), next(good2.tier), bad.tier]);
  const legacy = await page.request.get('/api/admin/user-tiers?limit=500', { headers: ADMIN_KEY });
  const tiers = new Map(((await legacy.json()).users as Array<{ identityHash: string; tier: number }>).map((user) => [user.identityHash, user.tier]));
  expect([tiers.get(good1.hash), tiers.get(good2.hash), tiers.get(bad.hash)]).toEqual([next(good1.tier), next(good2.tier), bad.tier]);
  const [stored] = await query<{ id: string; changed_count: number; row_count: number; file_sha256: string }>(
    `SELECT id, changed_count, row_count, file_sha256 FROM tier_imports WHERE imported_by = $1`,
    [verifier.id],
  );
  expect(stored).toMatchObject({ changed_count: 2, row_count: 7 });
  const audit = await query<{ rows: number }>(
    `SELECT jsonb_array_length(new_values -> 'rows') AS rows FROM audit_trail WHERE action = 'TIER_IMPORT' AND record_id = $1`,
    [`import:${stored.id}`],
  );
  expect(audit).toEqual([{ rows: 2 }]);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Past imports' }).locator('tbody tr').first()).toContainText('q4-tiers.csv');

  // An asset manager (users:read, not users:write) is refused the page, and replaying the apply action is refused.
  const { page: managerPage } = await signedInPage('asset_manager');
  await managerPage.goto('/users/import');
  await expect(managerPage.getByTestId('access-denied')).toContainText('Your role does not give access to this page.');
  await expect(managerPage.getByLabel('CSV file of tier updates')).toHaveCount(0);
  // The apply action called directly, as the browser would send it (React's encoding of `(undefined, formData)`), with a file that would change a tier.
  const forged = tierCsv([[good1.hash, String(next(next(good1.tier))), 'Forged by a manager']]);
  const forgedSha = createHash('sha256').update(forged).digest('hex');
  const replay = await managerPage.request.post(applyRequest.url(), {
    headers: { 'next-action': (await applyRequest.allHeaders())['next-action'], accept: 'text/x-component' },
    multipart: {
      '0': '["$undefined","$K1"]',
      '1_file': { name: 'forged.csv', mimeType: 'text/csv', buffer: forged },
      '1_sha256': forgedSha,
      '1_willChange': '1',
    },
  });
  expect(await replay.text()).toContain('You do not have permission to do this.');
  expect(await dbTier(good1.hash)).toBe(next(good1.tier));
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM tier_imports WHERE file_sha256 = $1`, [forgedSha]);
  expect(n).toBe(0);
});
