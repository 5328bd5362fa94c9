import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { runImport } from '@/lib/migration/run-import';
import { useTestOrm } from '@/lib/testing/test-orm';
import { signDocumentLink, verifyDocumentLink } from './document-links';
import { claimCase, claimNext as claimNextInTransaction, openMissingCases, renewLease } from './kyc-claims';
import { approveBulkProposal, decideInBulk } from './kyc-bulk';
import { decideKycCase } from './kyc-decisions';
import { buildKycComplianceReport, kycComplianceReportSchema } from './kyc-compliance-report';
import { findKycMetrics } from './kyc-metrics';
import { checkDocumentIntegrity, chooseAccessReason, readDocumentForViewer } from './kyc-documents.service';
import { findKycDocuments } from './kyc.repository';

// The document service reads KYC_STORAGE_DIR through env(), which is parsed once: set before anything reads it.
const paths = vi.hoisted(() => {
  const root = `${process.env.TMPDIR ?? '/tmp'}/pend-kyc-review-${process.pid}-${Date.now()}`;
  process.env.KYC_STORAGE_DIR = `${root}/kyc-storage`;
  return { root };
});

const context = { source: 'admin-ui' as const, actorLabel: 'vitest-kyc' };
const CASES = 10;
const SECRET = 'x'.repeat(40);
let app: MikroORM;
let owner: MikroORM;
let dir: string;
let reviewers: Actor[];

const hashOf = (index: number) => `0x${createHash('sha256').update(`kyc-review-${index}`).digest('hex')}`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** Ten pending applications, each with an ID card and a utility bill on disk, submitted an hour apart. */
function writeLegacyKyc(folder: string) {
  const uploads = path.join(folder, 'uploads', 'kyc');
  mkdirSync(uploads, { recursive: true });
  const metadata: Record<string, unknown> = {};
  for (let index = 0; index < CASES; index += 1) {
    const identityHash = hashOf(index);
    const at = new Date(Date.UTC(2025, 0, 1, index)).toISOString();
    const documents: Record<string, unknown> = {};
    for (const type of ['id', 'utility']) {
      const id = `${identityHash}_${type}_${Date.parse(at)}.png`;
      const bytes = Buffer.concat([PNG, Buffer.from(`${index}-${type}`)]);
      writeFileSync(path.join(uploads, id), bytes);
      documents[type] = { id, originalName: `${type}.png`, path: `uploads/kyc/${id}`, size: bytes.length, mimeType: 'image/png', uploadedAt: at };
    }
    metadata[identityHash] = { verificationStatus: 'pending', lastUpdated: at, verifiedAt: null, rejectionReason: null, documents };
  }
  writeFileSync(path.join(uploads, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
}

const legacyRecord = (identityHash: string) =>
  (JSON.parse(readFileSync(path.join(dir, 'uploads', 'kyc', 'metadata.json'), 'utf8')) as Record<string, Record<string, unknown>>)[identityHash];

async function createReviewer(name: string): Promise<Actor> {
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@test.pend`;
  const [row] = await owner.em
    .fork()
    .execute<Array<{ id: string }>>(`INSERT INTO admin_users (email, name, role, password_hash) VALUES (?, ?, 'kyc_verifier', 'x') RETURNING id`, [
      email,
      name,
    ]);
  return { id: row.id, email, name, role: 'kyc_verifier' };
}

/** One claim in its own transaction, as the claim-next action runs it. */
const claimNext = (actor: Actor) => app.em.fork().transactional((tx) => claimNextInTransaction(tx, actor));

beforeAll(async () => {
  app = await useTestOrm('app');
  owner = await useTestOrm('owner');
  dir = path.join(paths.root, 'legacy');
  writeLegacyKyc(dir);
  await owner.em
    .fork()
    .execute(`INSERT INTO app_settings (key, value) VALUES ('storage_mode', '"json-primary"'::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
  await runImport(app.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(paths.root, 'backups'),
    storageDir: process.env.KYC_STORAGE_DIR!,
    context,
    only: ['kyc-metadata'],
  });
  reviewers = await Promise.all(Array.from({ length: 20 }, (_, index) => createReviewer(`reviewer-${index}`)));
});

beforeEach(async () => {
  await owner.em.fork().execute(`DELETE FROM kyc_review_cases; DELETE FROM kyc_case_events; DELETE FROM kyc_case_access; DELETE FROM kyc_bulk_proposals`);
});

afterAll(async () => {
  await owner.em.fork().execute(`DELETE FROM kyc_review_cases; DELETE FROM kyc_case_events; DELETE FROM kyc_case_access; DELETE FROM kyc_bulk_proposals`);
  await owner.em.fork().execute(`DELETE FROM app_settings WHERE key = 'kyc_bulk_threshold'`);
});

describe('claim next', () => {
  it('20 reviewers claiming at once on 10 open cases get 10 distinct cases and 10 "nothing left" answers', async () => {
    // No case rows yet: the concurrent claims also open them, as the first claims of a day do.
    const results = await Promise.all(reviewers.map((reviewer) => claimNext(reviewer)));
    const claimed = results.filter((result) => result !== null).map((result) => result.identityHash);
    expect(claimed).toHaveLength(CASES);
    expect(new Set(claimed).size).toBe(CASES);
    expect(results.filter((result) => result === null)).toHaveLength(CASES);
    const [held] = await app.em
      .fork()
      .execute<Array<{ n: string }>>(`SELECT count(DISTINCT assignee_id) AS n FROM kyc_review_cases WHERE lease_expires_at > now()`);
    expect(Number(held.n)).toBe(CASES);
  });

  it('gives the oldest submission first, and a resubmission before it', async () => {
    await openMissingCases(app.em.fork());
    await owner.em.fork().execute(`UPDATE kyc_review_cases SET resubmission_requested_at = now() WHERE application_key = ?`, [hashOf(7)]);
    expect((await claimNext(reviewers[0]))?.identityHash).toBe(hashOf(7));
    expect((await claimNext(reviewers[0]))?.identityHash).toBe(hashOf(0));
  });

  it('hands a case whose lease ran out to the next reviewer, and a named claim on a live lease is refused', async () => {
    await openMissingCases(app.em.fork());
    const first = await claimNext(reviewers[0]);
    await expect(app.em.fork().transactional((tx) => claimCase(tx, reviewers[1], first!.identityHash))).rejects.toMatchObject({ code: 'CONFLICT' });
    await owner.em
      .fork()
      .execute(`UPDATE kyc_review_cases SET lease_expires_at = now() - interval '1 minute' WHERE application_key = ?`, [first!.identityHash]);
    const taken = await claimNext(reviewers[1]);
    expect(taken).toMatchObject({ identityHash: first!.identityHash, takenOverFrom: reviewers[0].id });
    expect(await app.em.fork().transactional((tx) => renewLease(tx, reviewers[0], first!.identityHash))).toBeNull();
  });
});

describe('decisions', () => {
  it('a rejection writes metadata.json as the legacy verify API does, releases the lease and adds the timeline event', async () => {
    await openMissingCases(app.em.fork());
    const claim = await claimNext(reviewers[0]);
    const identityHash = claim!.identityHash;
    const before = legacyRecord(identityHash);
    const result = await app.em
      .fork()
      .transactional((tx) =>
        decideKycCase(
          tx,
          reviewers[0],
          { decision: 'reject', identityHash, category: 'document_expired', note: 'ID expired in 2024' },
          { context, sourceDir: dir },
        ),
      );
    const after = legacyRecord(identityHash);
    expect(after).toEqual({
      ...before,
      verificationStatus: 'rejected',
      lastUpdated: result.decidedAt,
      verifiedAt: result.decidedAt,
      rejectionReason: 'Document expired: ID expired in 2024',
    });
    const [row] = await app.em
      .fork()
      .execute<Array<{ status: string; status_legacy: string; rejection_reason: string; assignee_id: string | null }>>(
        `SELECT a.status, a.status_legacy, a.rejection_reason, c.assignee_id FROM kyc_applications a JOIN kyc_review_cases c ON c.application_key = a.legacy_key WHERE a.legacy_key = ?`,
        [identityHash],
      );
    // status_legacy holds the legacy spelling only where it differs from the mapped status.
    expect(row).toEqual({ status: 'rejected', status_legacy: null, rejection_reason: 'Document expired: ID expired in 2024', assignee_id: null });
    const events = await app.em
      .fork()
      .execute<Array<{ kind: string }>>(`SELECT kind FROM kyc_case_events WHERE application_key = ? ORDER BY occurred_at`, [identityHash]);
    expect(events.map((event) => event.kind)).toEqual(['claimed', 'rejected']);
  });

  it('refuses a decision on a case the reviewer has not claimed, and on one another reviewer took after the lease ran out', async () => {
    await openMissingCases(app.em.fork());
    const decide = (actor: Actor, identityHash: string) =>
      app.em.fork().transactional((tx) => decideKycCase(tx, actor, { decision: 'approve', identityHash }, { context, sourceDir: dir }));
    const claim = await claimNext(reviewers[0]);
    const identityHash = claim!.identityHash;
    await expect(decide(reviewers[1], identityHash)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await owner.em.fork().execute(`UPDATE kyc_review_cases SET lease_expires_at = now() - interval '1 minute' WHERE application_key = ?`, [identityHash]);
    await app.em.fork().transactional((tx) => claimCase(tx, reviewers[1], identityHash));
    await expect(decide(reviewers[0], identityHash)).rejects.toBeInstanceOf(AppError);
    expect(legacyRecord(identityHash).verificationStatus).toBe('pending');
    const result = await decide(reviewers[1], identityHash);
    expect(legacyRecord(identityHash)).toMatchObject({ verificationStatus: 'verified', verifiedAt: result.decidedAt, rejectionReason: null });
  });

  it('a resubmission request sets the legacy status back to pending with no verifiedAt and puts the case first in the queue', async () => {
    await openMissingCases(app.em.fork());
    const claim = await claimNext(reviewers[0]);
    const identityHash = claim!.identityHash;
    await app.em
      .fork()
      .transactional((tx) =>
        decideKycCase(
          tx,
          reviewers[0],
          { decision: 'resubmit', identityHash, documents: ['utility_bill'], message: 'The bill is cut off' },
          { context, sourceDir: dir },
        ),
      );
    expect(legacyRecord(identityHash)).toMatchObject({ verificationStatus: 'pending', verifiedAt: null, rejectionReason: null });
    const [event] = await app.em
      .fork()
      .execute<Array<{ details: Record<string, unknown> }>>(
        `SELECT details FROM kyc_case_events WHERE application_key = ? AND kind = 'resubmission_requested'`,
        [identityHash],
      );
    expect(event.details).toMatchObject({ documents: ['utility_bill'], legacyDocumentKeys: ['utility'], message: 'The bill is cut off' });
    expect((await claimNext(reviewers[1]))?.identityHash).toBe(identityHash);
  });
});

describe('signed document links', () => {
  const link = (now: number) => new URLSearchParams(signDocumentLink({ documentId: 'doc-1', viewerId: 'viewer-1' }, { now, secret: SECRET }).split('?')[1]);
  const query = (params: URLSearchParams) => Object.fromEntries(params.entries());
  const now = Date.UTC(2026, 0, 1);

  it('a fresh link verifies for its viewer', () => {
    expect(verifyDocumentLink('doc-1', 'viewer-1', query(link(now)), { now, secret: SECRET })).toMatchObject({ disposition: 'inline' });
  });

  it.each([
    ['expired (5 minutes and 1 second later)', (params: URLSearchParams) => params, 'doc-1', 'viewer-1', now + 301_000],
    ['presented by another viewer', (params: URLSearchParams) => params, 'doc-1', 'viewer-2', now],
    ['for another document', (params: URLSearchParams) => params, 'doc-2', 'viewer-1', now],
    [
      'with its expiry pushed out',
      (params: URLSearchParams) => (params.set('expires', String(Number(params.get('expires')) + 600)), params),
      'doc-1',
      'viewer-1',
      now,
    ],
    ['switched to a download', (params: URLSearchParams) => (params.set('disposition', 'attachment'), params), 'doc-1', 'viewer-1', now],
    [
      'with its signature altered',
      (params: URLSearchParams) => (params.set('signature', `A${params.get('signature')!.slice(1)}`), params),
      'doc-1',
      'viewer-1',
      now,
    ],
  ])('a link %s is refused as FORBIDDEN', (_name, tamper, documentId, viewerId, at) => {
    expect(() => verifyDocumentLink(documentId, viewerId, query(tamper(link(now))), { now: at, secret: SECRET })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});

describe('document access', () => {
  it('needs a reason first, then serves the bytes and audits the view with the reviewer and the reason; a changed file is refused', async () => {
    const identityHash = hashOf(3);
    const [document] = await findKycDocuments(app.em.fork(), identityHash);
    const claims = { documentId: document.id, viewerId: reviewers[2].id, expires: 0, disposition: 'inline' as const };
    const audit = { ...context, actorId: reviewers[2].id, actorLabel: reviewers[2].email };
    const read = () => app.em.fork().transactional((tx) => readDocumentForViewer(tx, reviewers[2], claims, audit));
    await expect(read()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await app.em.fork().transactional((tx) => chooseAccessReason(tx, reviewers[2], { identityHash, reason: 'initial_review' }));
    const served = await read();
    expect(createHash('sha256').update(served.bytes).digest('hex')).toBe(document.sha256);
    expect(served.mimeType).toBe('image/png');
    const [entry] = await app.em
      .fork()
      .execute<Array<{ action: string; actor_label: string; new_values: Record<string, unknown> }>>(
        `SELECT action, actor_label, new_values FROM audit_trail WHERE record_id = ? ORDER BY seq DESC LIMIT 1`,
        [document.id],
      );
    expect(entry).toMatchObject({ action: 'KYC_DOC_VIEWED', actor_label: reviewers[2].email, new_values: { reason: 'initial_review', identityHash } });

    expect(await checkDocumentIntegrity(document)).toEqual({ state: 'intact' });
    const file = path.join(process.env.KYC_STORAGE_DIR!, document.storage_path!);
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from('tampered')]));
    try {
      expect(await checkDocumentIntegrity(document)).toMatchObject({ state: 'differs' });
      await expect(read()).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('four-eyes bulk decisions', () => {
  const open = async () =>
    (
      await app.em
        .fork()
        .execute<Array<{ legacy_key: string }>>(
          `SELECT legacy_key FROM kyc_applications WHERE status IN ('pending_review', 'under_review') ORDER BY legacy_key`,
        )
    ).map((row) => row.legacy_key);
  const setThreshold = (value: number) =>
    owner.em
      .fork()
      .execute(`INSERT INTO app_settings (key, value) VALUES ('kyc_bulk_threshold', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
        JSON.stringify(value),
      ]);
  const approve = (actor: Actor, proposalId: string) =>
    app.em.fork().transactional((tx) => approveBulkProposal(tx, actor, { proposalId }, { context, sourceDir: dir }));

  it('over the threshold a bulk approval is a proposal: the proposer cannot approve it, a changed document makes it a conflict naming the case, another reviewer approves it', async () => {
    await setThreshold(1);
    const keys = (await open()).slice(0, 3);
    expect(keys).toHaveLength(3);
    const proposal = await app.em
      .fork()
      .transactional((tx) => decideInBulk(tx, reviewers[5], { decision: 'approve', identityHashes: keys }, { context, sourceDir: dir }));
    expect(proposal).toMatchObject({ kind: 'proposed', cases: 3, threshold: 1 });
    const proposalId = proposal.kind === 'proposed' ? proposal.proposalId : '';
    expect(keys.map((key) => legacyRecord(key).verificationStatus)).toEqual(['pending', 'pending', 'pending']);

    await expect(approve(reviewers[5], proposalId)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // The stored hash of one covered document changes (a re-upload would give it new bytes).
    const [document] = await findKycDocuments(app.em.fork(), keys[1]);
    await owner.em.fork().execute(`UPDATE kyc_documents SET sha256 = ? WHERE id = ?`, ['f'.repeat(64), document.id]);
    try {
      await expect(approve(reviewers[6], proposalId)).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining(keys[1]) }));
    } finally {
      await owner.em.fork().execute(`UPDATE kyc_documents SET sha256 = ? WHERE id = ?`, [document.sha256, document.id]);
    }
    expect(legacyRecord(keys[0]).verificationStatus).toBe('pending');

    const result = await approve(reviewers[6], proposalId);
    expect(result.results.map((row) => row.status)).toEqual(['applied', 'applied', 'applied']);
    for (const key of keys) expect(legacyRecord(key)).toMatchObject({ verificationStatus: 'verified', rejectionReason: null });
    const entries = await app.em
      .fork()
      .execute<Array<{ new_values: { proposalId: string; results: unknown[] } }>>(
        `SELECT new_values FROM audit_trail WHERE action = 'KYC_BULK_DECISION' AND record_id = ?`,
        [proposalId],
      );
    expect(entries).toHaveLength(1);
    expect(entries[0].new_values).toMatchObject({ proposalId, results: expect.arrayContaining([{ identityHash: keys[0], status: 'applied' }]) });
    await expect(approve(reviewers[7], proposalId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('over the threshold a bulk rejection is a proposal carrying its reason; approved by another reviewer it writes the legacy rejection per case', async () => {
    await setThreshold(1);
    const keys = (await open()).slice(0, 2);
    expect(keys).toHaveLength(2);
    const input = { decision: 'reject' as const, identityHashes: keys, category: 'document_mismatch' as const, note: 'Name differs from the ID' };
    const proposal = await app.em.fork().transactional((tx) => decideInBulk(tx, reviewers[10], input, { context, sourceDir: dir }));
    expect(proposal).toMatchObject({ kind: 'proposed', cases: 2 });
    const proposalId = proposal.kind === 'proposed' ? proposal.proposalId : '';
    await expect(approve(reviewers[10], proposalId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(keys.map((key) => legacyRecord(key).verificationStatus)).toEqual(['pending', 'pending']);

    const result = await approve(reviewers[11], proposalId);
    expect(result.results).toEqual(keys.map((identityHash) => ({ identityHash, status: 'applied' })));
    for (const key of keys) {
      expect(legacyRecord(key)).toMatchObject({ verificationStatus: 'rejected', rejectionReason: 'Details do not match: Name differs from the ID' });
    }
    const events = await app.em
      .fork()
      .execute<Array<{ kind: string; details: { proposalId: string; category: string } }>>(
        `SELECT kind, details FROM kyc_case_events WHERE application_key IN (?, ?) ORDER BY application_key`,
        keys,
      );
    expect(events).toEqual(keys.map(() => ({ kind: 'rejected', details: expect.objectContaining({ proposalId, category: 'document_mismatch' }) })));
  });

  it('up to the threshold a bulk rejection applies at once, skipping a case another reviewer holds', async () => {
    await setThreshold(10);
    const keys = (await open()).slice(0, 2);
    await app.em.fork().transactional((tx) => claimCase(tx, reviewers[8], keys[0]));
    const outcome = await app.em
      .fork()
      .transactional((tx) =>
        decideInBulk(
          tx,
          reviewers[9],
          { decision: 'reject', identityHashes: keys, category: 'suspected_fraud', note: 'Same photo on both IDs' },
          { context, sourceDir: dir },
        ),
      );
    expect(outcome).toMatchObject({
      kind: 'applied',
      results: [
        { identityHash: keys[0], status: 'skipped', reason: 'another reviewer holds this case' },
        { identityHash: keys[1], status: 'applied' },
      ],
    });
    expect(legacyRecord(keys[1])).toMatchObject({ verificationStatus: 'rejected', rejectionReason: 'Suspected fraud: Same photo on both IDs' });
    expect(legacyRecord(keys[0]).verificationStatus).toBe('pending');
  });
});

describe('metrics from the stored timeline', () => {
  it('dates submissions by the first upload, leaves out the wait after a resubmission request, and counts per reviewer and day', async () => {
    // Case 0's files were uploaded at 00:00 and case 1's at 01:00 on 2025-01-01 (writeLegacyKyc).
    const insert = (key: string, kind: string, at: string, reviewer: string) =>
      owner.em
        .fork()
        .execute(`INSERT INTO kyc_case_events (application_key, kind, actor_label, occurred_at) VALUES (?, ?, ?, ?::timestamptz)`, [key, kind, reviewer, at]);
    await insert(hashOf(0), 'resubmission_requested', '2025-01-01T00:30:00Z', 'Ana');
    await insert(hashOf(0), 'approved', '2025-01-02T12:00:00Z', 'Ana');
    await insert(hashOf(1), 'rejected', '2025-01-01T03:00:00Z', 'Badr');
    const metrics = await findKycMetrics(app.em.fork(), { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-03T00:00:00Z') });
    // Review times: case 0 waits for the applicant from 00:30 with no resubmission since (0.5 h), case 1 takes 2 h.
    expect(metrics.timeToDecision).toEqual({ p50Hours: 1.25, p90Hours: 1.85, decisions: 2 });
    expect(metrics.decisions).toEqual({ approved: 1, rejected: 1, resubmissionRequested: 1 });
    expect(metrics.approvalRate).toBe(0.5);
    expect(metrics.perReviewer).toEqual([
      { reviewer: 'Ana', approved: 1, rejected: 0, resubmissionRequested: 1 },
      { reviewer: 'Badr', approved: 0, rejected: 1, resubmissionRequested: 0 },
    ]);
    expect(metrics.daily.map((day) => day.day)).toEqual(['2025-01-01', '2025-01-02']);
  });

  it('the compliance report PDF prints the same figures for the period (pdftotext) and is audited', async () => {
    const insert = (key: string, kind: string, at: string, reviewer: string) =>
      owner.em
        .fork()
        .execute(`INSERT INTO kyc_case_events (application_key, kind, actor_label, occurred_at) VALUES (?, ?, ?, ?::timestamptz)`, [key, kind, reviewer, at]);
    await insert(hashOf(0), 'resubmission_requested', '2025-01-01T00:30:00Z', 'Ana');
    await insert(hashOf(0), 'approved', '2025-01-02T12:00:00Z', 'Ana');
    await insert(hashOf(1), 'rejected', '2025-01-01T03:00:00Z', 'Badr');
    const audit = { ...context, actorId: reviewers[12].id, actorLabel: reviewers[12].email };
    const period = kycComplianceReportSchema.parse({ from: '2025-01-01', to: '2025-01-02' });
    const report = await app.em.fork().transactional((tx) => buildKycComplianceReport(tx, reviewers[12], period, audit));
    expect(report.filename).toBe('kyc-compliance-2025-01-01-to-2025-01-02.pdf');
    const file = path.join(paths.root, report.filename);
    writeFileSync(file, report.bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('KYC compliance report');
    expect(text).toContain('Decisions from 2025-01-01 to 2025-01-02 (UTC, both days included)');
    expect(text).toMatch(/p50 \(waits for the applicant left out\)\s+1\.25 h/);
    expect(text).toMatch(/p90 \(waits for the applicant left out\)\s+1\.85 h/);
    expect(text).toMatch(/Approval rate\s+50\.0%/);
    expect(text).toMatch(/Ana · approved\s+1\n/);
    expect(text).toMatch(/Ana · resubmissions requested\s+1\n/);
    expect(text).toMatch(/Badr · rejected\s+1\n/);
    expect(text).toMatch(/2025-01-02 · approved\s+1\n/);
    expect(text).toMatch(/Applications past their SLA \(now\)\s+\d+/);
    expect(text).toMatch(/Pending review\s+\d+/);
    expect(text).toContain(reviewers[12].email);
    const [entry] = await app.em
      .fork()
      .execute<Array<{ action: string; actor_label: string; new_values: Record<string, unknown> }>>(
        `SELECT action, actor_label, new_values FROM audit_trail WHERE record_id = ?`,
        [report.reportId],
      );
    expect(entry).toEqual({
      action: 'KYC_REPORT_EXPORTED',
      actor_label: reviewers[12].email,
      new_values: { from: '2025-01-01', to: '2025-01-02', format: 'pdf' },
    });
    expect(() => kycComplianceReportSchema.parse({ from: '2025-02-01', to: '2025-01-01' })).toThrow('The period ends before it starts.');
  });
});
