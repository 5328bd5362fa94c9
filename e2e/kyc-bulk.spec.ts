import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { identityHashOf } from '../lib/legacy-api/phone';
import { createAdmin, deactivateAdmin, query, type TestAdmin } from './fixtures/db';
import { signInAndExpectDashboard } from './fixtures/session';
import { LOCK } from './locks';

// Sets the bulk threshold and sends applications into the queue another KYC spec reorders.
test.describe.configure({ lock: LOCK.kycQueue });

const legacyDir = process.env.LEGACY_DATA_DIR ?? '';
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082',
  'hex',
);

type LegacyRecord = { verificationStatus: string; rejectionReason: string | null; verifiedAt: string | null; lastUpdated: string };
const legacyRecord = (identityHash: string) =>
  (JSON.parse(readFileSync(path.join(legacyDir, 'uploads', 'kyc', 'metadata.json'), 'utf8')) as Record<string, LegacyRecord>)[identityHash];

/** A fresh application sent in through the public upload route, as an applicant's app sends it; its bytes are unique to `marker`. */
async function upload(request: APIRequestContext, phoneNumber: string, marker: string): Promise<void> {
  const response = await request.post('/api/kyc/upload-document', {
    multipart: {
      phoneNumber,
      documentType: 'id',
      document: { name: 'id.png', mimeType: 'image/png', buffer: Buffer.concat([PNG, Buffer.from(marker)]) },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}

async function newApplications(request: APIRequestContext, count: number): Promise<Array<{ phone: string; identityHash: string }>> {
  const applications = Array.from({ length: count }, () => {
    const phone = `+1555${randomInt(1_000_000, 9_999_999)}`;
    return { phone, identityHash: identityHashOf(phone) };
  });
  for (const application of applications) await upload(request, application.phone, `first-${application.phone}`);
  return applications;
}

/** The queue filtered to today's submissions (the uploads above), with the given cases ticked. */
async function tickCases(page: Page, identityHashes: string[]): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/kyc?submitted=${today}..`);
  const grid = page.getByTestId('kyc-grid');
  for (const identityHash of identityHashes) {
    await grid
      .locator('tr', { has: page.locator(`a[href="/kyc/${identityHash}"]`) })
      .getByRole('checkbox', { name: 'Select row' })
      .check();
  }
  await expect(page.getByTestId('selection-count')).toHaveText(`${identityHashes.length} rows selected`);
}

async function signedInPage(browser: Browser, admin: TestAdmin): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAndExpectDashboard(page, admin);
  return page;
}

async function pendingProposalOf(admin: TestAdmin): Promise<string> {
  const [proposal] = await query<{ id: string }>(
    `SELECT id FROM kyc_bulk_proposals WHERE proposed_by = $1 AND status = 'pending' ORDER BY proposed_at DESC LIMIT 1`,
    [admin.id],
  );
  return proposal.id;
}

async function approveProposal(page: Page, proposalId: string): Promise<void> {
  await page.goto('/kyc');
  const proposal = page.locator(`[data-proposal-id="${proposalId}"]`);
  await proposal.getByRole('button', { name: 'Approve proposal…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Approve proposal' }).click();
}

/** Bulk-rejects the ticked cases through the dialog with a category and a note. */
async function rejectSelected(page: Page, count: number, { category, note }: { category: string; note: string }): Promise<void> {
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel('Reason category').selectOption(category);
  await dialog.getByLabel('What is wrong').fill(note);
  await dialog.getByRole('button', { name: `Reject ${count}` }).click();
}

const expectProposed = (page: Page, count: number) =>
  expect(page.getByText(`More than 1 cases: proposed for a second reviewer's approval (${count} cases).`).first()).toBeVisible();

const expectAllPending = (keys: string[]) => {
  for (const key of keys) expect(legacyRecord(key).verificationStatus).toBe('pending');
};

const setBulkThreshold = (value: number) =>
  query(`INSERT INTO app_settings (key, value) VALUES ('kyc_bulk_threshold', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
    JSON.stringify(value),
  ]);

test.describe('[KYC] four-eyes bulk decisions', () => {
  // Several sign-ins and legacy writes, each waiting for its sync: more than the default minute on a busy machine.
  test.describe.configure({ timeout: 240_000 });
  let proposer: TestAdmin;
  let approver: TestAdmin;
  test.beforeAll(async () => {
    proposer = await createAdmin('kyc_verifier');
    approver = await createAdmin('kyc_verifier');
  });
  test.afterAll(async () => {
    await query(`DELETE FROM app_settings WHERE key = 'kyc_bulk_threshold'`);
    await deactivateAdmin(proposer);
    await deactivateAdmin(approver);
  });

  test('over the threshold a bulk approval waits for a second reviewer: the proposer is refused, another reviewer approves, metadata.json says verified', async ({
    page,
    browser,
    request,
  }) => {
    test.skip(!legacyDir, 'npm run test:e2e runs the app on a legacy folder (LEGACY_DATA_DIR)');
    await setBulkThreshold(1);
    const cases = await newApplications(request, 2);
    const keys = cases.map((application) => application.identityHash);

    await signInAndExpectDashboard(page, proposer);
    await tickCases(page, keys);
    await page.getByRole('button', { name: 'Approve 2 selected…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Approve', exact: true }).click();
    await expectProposed(page, 2);
    const proposalId = await pendingProposalOf(proposer);
    expectAllPending(keys);

    await approveProposal(page, proposalId);
    await expect(page.locator(`[data-proposal-id="${proposalId}"]`).getByRole('alert')).toHaveText(
      'You proposed this bulk decision; another reviewer must approve it.',
    );
    expectAllPending(keys);

    const second = await signedInPage(browser, approver);
    await approveProposal(second, proposalId);
    await expect(second.getByText('Proposal approved: 2 applied, 0 skipped, 0 failed.').first()).toBeVisible();
    for (const key of keys) {
      expect(legacyRecord(key)).toMatchObject({ verificationStatus: 'verified', rejectionReason: null });
      expect(legacyRecord(key).verifiedAt).toBe(legacyRecord(key).lastUpdated);
    }
    await second.goto(`/kyc/${keys[0]}`);
    await expect(second.getByText('Verified').first()).toBeVisible();
    const [entry] = await query<{ new_values: { proposalId: string; results: unknown[] } }>(
      `SELECT new_values FROM audit_trail WHERE action = 'KYC_BULK_DECISION' AND record_id = $1`,
      [proposalId],
    );
    expect(entry.new_values.results).toHaveLength(2);
    await second.context().close();
  });

  test('a bulk rejection proposal whose document changed after proposing is refused naming the case; under the threshold a bulk rejection applies with per-case results', async ({
    page,
    browser,
    request,
  }) => {
    test.skip(!legacyDir, 'npm run test:e2e runs the app on a legacy folder (LEGACY_DATA_DIR)');
    await setBulkThreshold(1);
    const cases = await newApplications(request, 2);
    const keys = cases.map((application) => application.identityHash);

    await signInAndExpectDashboard(page, proposer);
    await tickCases(page, keys);
    await page.getByRole('button', { name: 'Reject 2 selected…' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Reject 2' }).click();
    await expect(dialog.getByText('Choose a reason category.')).toBeVisible();
    await rejectSelected(page, 2, { category: 'suspected_fraud', note: 'Same photo on both IDs' });
    await expectProposed(page, 2);
    const proposalId = await pendingProposalOf(proposer);

    // The applicant sends a new ID for the second case after the proposal pinned the old one.
    await upload(request, cases[1].phone, `second-${cases[1].phone}`);

    const second = await signedInPage(browser, approver);
    await approveProposal(second, proposalId);
    const refusal = second.locator(`[data-proposal-id="${proposalId}"]`).getByRole('alert');
    await expect(refusal).toContainText('Documents changed since this was proposed, for 1 case(s)');
    await expect(refusal).toContainText(keys[1]);
    await expect(refusal).not.toContainText(keys[0]);
    expectAllPending(keys);
    await second.locator(`[data-proposal-id="${proposalId}"]`).getByRole('button', { name: 'Decline…' }).click();
    await second.getByRole('alertdialog').getByRole('button', { name: 'Decline' }).click();
    await expect(second.locator(`[data-proposal-id="${proposalId}"]`)).toHaveCount(0);
    await second.context().close();

    await setBulkThreshold(10);
    await tickCases(page, keys);
    await page.getByRole('button', { name: 'Reject 2 selected…' }).click();
    await rejectSelected(page, 2, { category: 'document_unreadable', note: 'Photo too dark' });
    await expect(page.getByText('Bulk decision recorded: 2 applied, 0 skipped, 0 failed.').first()).toBeVisible();
    await expect(page.getByTestId('kyc-bulk-results').locator('li[data-status="applied"]')).toHaveCount(2);
    for (const key of keys) expect(legacyRecord(key)).toMatchObject({ verificationStatus: 'rejected', rejectionReason: 'Document unreadable: Photo too dark' });
  });

  test('the compliance report for a period downloads from KYC metrics as a PDF and is audited', async ({ page }) => {
    await signInAndExpectDashboard(page, approver);
    await page.goto('/kyc/metrics');
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('From (UTC day)').fill(today);
    await page.getByLabel('To (UTC day, included)').fill(today);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`kyc-compliance-${today}-to-${today}.pdf`);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('KYC compliance report');
    expect(text).toContain(`Decisions from ${today} to ${today}`);
    expect(text).toContain('Time to decision');
    const [entry] = await query<{ actor_label: string; new_values: Record<string, unknown> }>(
      `SELECT actor_label, new_values FROM audit_trail WHERE action = 'KYC_REPORT_EXPORTED' ORDER BY seq DESC LIMIT 1`,
    );
    expect(entry).toEqual({ actor_label: approver.email, new_values: { from: today, to: today, format: 'pdf' } });
  });
});
