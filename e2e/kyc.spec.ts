import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Page, type Request } from '@playwright/test';
import { createAdmin, deactivateAdmin, query } from './fixtures/db';
import { expect, signInAndExpectDashboard, test } from './fixtures/session';
import { LOCK } from './locks';

// Puts its case first in the KYC queue by reordering every case.
test.describe.configure({ lock: LOCK.kycQueue });

const legacyDir = process.env.LEGACY_DATA_DIR ?? '';

/** An open application with a stored image, put first in the queue (a resubmission outranks everything else). */
async function caseFirstInQueue(): Promise<string> {
  const [target] = await query<{ legacy_key: string }>(
    `SELECT a.legacy_key FROM kyc_applications a
      WHERE a.status IN ('pending_review', 'under_review')
        AND EXISTS (SELECT 1 FROM kyc_documents d WHERE d.application_id = a.id AND d.status = 'stored' AND d.mime_type IN ('image/jpeg', 'image/png'))
        AND NOT EXISTS (SELECT 1 FROM kyc_review_cases c WHERE c.application_key = a.legacy_key AND c.assignee_id IS NOT NULL)
      ORDER BY a.legacy_key LIMIT 1`,
  );
  await query(`UPDATE kyc_review_cases SET resubmission_requested_at = NULL WHERE application_key <> $1`, [target.legacy_key]);
  await query(
    `INSERT INTO kyc_review_cases (application_key, resubmission_requested_at) VALUES ($1, now())
     ON CONFLICT (application_key) DO UPDATE SET resubmission_requested_at = now()`,
    [target.legacy_key],
  );
  return target.legacy_key;
}

async function claimNextFromQueue(page: Page): Promise<Request> {
  await page.getByRole('link', { name: 'KYC review' }).click();
  await expect(page.getByRole('heading', { name: 'KYC review' })).toBeVisible({ timeout: 30_000 });
  const [claim] = await Promise.all([
    page.waitForRequest((request) => request.method() === 'POST' && !!request.headers()['next-action']),
    page.getByRole('button', { name: 'Claim next case' }).click(),
  ]);
  return claim;
}

test.describe('[KYC] review', () => {
  // Several sign-ins and a legacy write with its sync per test: more than the default minute on a busy machine.
  test.describe.configure({ timeout: 180_000 });
  // The run's KYC verifier reviews; the spec's other roles open pages of their own.
  test.use({ role: 'kyc_verifier' });

  test('a reviewer claims the next case, opens a document (audited with the reason) and rejects it; metadata.json carries the legacy status and reason', async ({
    page,
    admin: reviewer,
  }) => {
    test.skip(!legacyDir, 'npm run test:e2e runs the app on a legacy folder (LEGACY_DATA_DIR)');
    const identityHash = await caseFirstInQueue();
    await page.goto('/dashboard');
    await claimNextFromQueue(page);
    await expect(page).toHaveURL(new RegExp(`/kyc/${identityHash}$`));
    await expect(page.getByTestId('kyc-claim-state')).toContainText('Yours until');

    await page.getByLabel('Why are you opening these documents?').selectOption('initial_review');
    const [document] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('/api/kyc-review/documents/')),
      page.getByRole('button', { name: 'Show documents' }).click(),
    ]);
    expect(document.status()).toBe(200);
    const documentId = new URL(document.url()).pathname.split('/').pop()!;
    const [entry] = await query<{ actor_label: string; new_values: { reason: string; identityHash: string } }>(
      `SELECT actor_label, new_values FROM audit_trail WHERE action = 'KYC_DOC_VIEWED' AND record_id = $1 ORDER BY seq DESC LIMIT 1`,
      [documentId],
    );
    expect(entry).toMatchObject({ actor_label: reviewer.email, new_values: { reason: 'initial_review', identityHash } });
    await expect(page.getByTestId('kyc-document').first().getByTestId('document-sha256')).toHaveText(/^[0-9a-f]{64}$/);

    const decision = page.getByRole('region', { name: 'Decision' });
    await decision.getByLabel('Reject').check();
    await decision.getByLabel('Reason category').selectOption('document_expired');
    await decision.getByLabel('What is wrong').fill('The ID card expired in 2024.');
    await decision.getByRole('button', { name: 'Reject…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(page.getByText('Rejected. The legacy record now says “rejected”.').first()).toBeVisible();
    await expect(page.getByTestId('kyc-timeline')).toContainText('Document expired: The ID card expired in 2024.');

    const metadata = JSON.parse(readFileSync(path.join(legacyDir, 'uploads', 'kyc', 'metadata.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(metadata[identityHash]).toMatchObject({ verificationStatus: 'rejected', rejectionReason: 'Document expired: The ID card expired in 2024.' });
    expect(metadata[identityHash].verifiedAt).toBe(metadata[identityHash].lastUpdated);
  });

  test('a document link is refused (403) when tampered with, presented by another reviewer, or asked for by a viewer or an asset manager', async ({
    page,
    browser,
    signedInPage,
  }) => {
    const identityHash = await caseFirstInQueue();
    await page.goto('/dashboard');
    // Documents open only on a case the reviewer holds, for a reason chosen once per case.
    await claimNextFromQueue(page);
    await expect(page).toHaveURL(new RegExp(`/kyc/${identityHash}$`));
    await page.getByLabel('Why are you opening these documents?').selectOption('quality_check');
    await page.getByRole('button', { name: 'Show documents' }).click();
    const link = await page.getByTestId('kyc-document').locator('img').first().getAttribute('src');
    expect(link).toMatch(/^\/api\/kyc-review\/documents\/.+signature=/);
    expect((await page.request.get(link!)).status()).toBe(200);
    expect((await page.request.get(link!.replace(/signature=[^&]+/, `signature=${'A'.repeat(43)}`))).status()).toBe(403);
    expect((await page.request.get(link!.replace(/expires=(\d+)/, (_all, expires: string) => `expires=${Number(expires) + 60}`))).status()).toBe(403);

    // Another reviewer: a second KYC verifier of this test's own.
    const otherReviewer = await createAdmin('kyc_verifier');
    const otherReviewerContext = await browser.newContext();
    const otherReviewerPage = await otherReviewerContext.newPage();
    await signInAndExpectDashboard(otherReviewerPage, otherReviewer);
    const others = [
      { role: 'kyc_verifier', page: otherReviewerPage },
      { role: 'viewer', page: (await signedInPage('viewer')).page },
      { role: 'asset_manager', page: (await signedInPage('asset_manager')).page },
    ];
    for (const other of others) {
      const response = await other.page.request.get(link!);
      expect(response.status(), other.role).toBe(403);
      expect(await response.json()).toHaveProperty('error');
    }
    await otherReviewerContext.close();
    await deactivateAdmin(otherReviewer);
  });

  test('a role without kyc:review calling the claim-next action directly is refused', async ({ page, signedInPage }) => {
    await caseFirstInQueue();
    await page.goto('/dashboard');
    const claim = await claimNextFromQueue(page);
    await expect(page).toHaveURL(/\/kyc\/0x[0-9a-f]{64}$/);

    const { page: auditorPage, admin: auditor } = await signedInPage('auditor');
    await auditorPage.goto('/kyc');
    await expect(auditorPage.getByRole('button', { name: 'Claim next case' })).toHaveCount(0);
    const before = await query<{ n: string }>(`SELECT count(*) AS n FROM kyc_review_cases WHERE assignee_id = $1`, [auditor.id]);
    const headers = await claim.allHeaders();
    const response = await auditorPage.request.post('/kyc', {
      headers: { 'next-action': headers['next-action'], 'content-type': headers['content-type'], accept: 'text/x-component' },
      data: claim.postDataBuffer()!.toString('utf8'),
    });
    expect(await response.text()).toContain('You do not have permission to do this.');
    expect(before[0].n).toBe('0');
    expect(await query(`SELECT 1 FROM kyc_review_cases WHERE assignee_id = $1`, [auditor.id])).toHaveLength(0);
  });
});
