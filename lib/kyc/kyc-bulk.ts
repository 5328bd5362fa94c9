import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Actor } from '@/lib/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import { writeLegacyRows, type RowWriteResult } from '@/lib/storage/write-rows';
import { recordCaseEvent } from './kyc-claims';
import { decidedRecord, legacyRejectionReason } from './kyc-decisions';
import { KycBulkProposalCase } from './kyc-review.entities';
import { identityHashSchema, KYC_REJECTION_CATEGORIES } from './kyc.schemas';

const SOURCE = 'kyc-metadata';

/** Bulk decisions over more cases than this need a second reviewer; `app_settings.kyc_bulk_threshold` overrides it. */
export const DEFAULT_BULK_THRESHOLD = 10;
const MAX_BULK_CASES = 1000;

export const kycBulkDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    identityHashes: z
      .preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(identityHashSchema))
      .pipe(z.array(z.string()).min(1, 'Select at least one case.').max(MAX_BULK_CASES, `At most ${MAX_BULK_CASES} cases at once.`)),
    category: z.enum(KYC_REJECTION_CATEGORIES).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.decision === 'reject' && !input.category) ctx.addIssue({ code: 'custom', path: ['category'], message: 'Choose a reason category.' });
    if (input.decision === 'reject' && !input.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what is wrong.' });
  });
export type KycBulkDecisionInput = z.input<typeof kycBulkDecisionSchema>;

export const kycProposalSchema = z.object({ proposalId: z.uuid() });

type WriteOptions = { context: AuditContext; sourceDir?: string; syncTimeoutMs?: number };

export type BulkCaseResult = { identityHash: string; status: 'applied' | 'skipped' | 'failed'; reason?: string };
export type BulkOutcome =
  | { kind: 'applied'; mode: RowWriteResult['mode'] | null; results: BulkCaseResult[] }
  | { kind: 'proposed'; proposalId: string; cases: number; threshold: number };

export async function getBulkThreshold(em: EntityManager): Promise<number> {
  const [row] = await em.execute<Array<{ value: unknown }>>(`SELECT value FROM app_settings WHERE key = 'kyc_bulk_threshold'`);
  return typeof row?.value === 'number' && Number.isInteger(row.value) && row.value >= 0 ? row.value : DEFAULT_BULK_THRESHOLD;
}

/** Every document's current SHA-256 (null when no file is stored) for each case, by document id. */
async function documentHashes(em: EntityManager, keys: readonly string[]): Promise<Map<string, Record<string, string | null>>> {
  const rows = await em.execute<Array<{ key: string; hashes: Record<string, string | null> }>>(
    `SELECT a.legacy_key AS key, coalesce(jsonb_object_agg(d.id, d.sha256) FILTER (WHERE d.id IS NOT NULL), '{}') AS hashes
       FROM kyc_applications a LEFT JOIN kyc_documents d ON d.application_id = a.id
      WHERE a.legacy_key IN (SELECT jsonb_array_elements_text(?::jsonb)) GROUP BY a.legacy_key`,
    [JSON.stringify(keys)],
  );
  return new Map(rows.map((row) => [row.key, row.hashes]));
}

const samePins = (a: Record<string, string | null>, b: Record<string, string | null>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([id, hash]) => Object.hasOwn(b, id) && b[id] === hash);

/**
 * A bulk approve or reject. Up to the threshold it is applied at once; above it, it becomes a proposal
 * that pins every covered document's SHA-256 and waits for another reviewer (`approveBulkProposal`).
 */
export async function decideInBulk(em: EntityManager, actor: Actor, input: KycBulkDecisionInput, options: WriteOptions): Promise<BulkOutcome> {
  const parsed = kycBulkDecisionSchema.parse(input);
  const keys = [...new Set(parsed.identityHashes)];
  const threshold = await getBulkThreshold(em);
  if (keys.length <= threshold) {
    const { mode, results } = await applyBulk(em, actor, { ...parsed, keys, proposalId: null }, options);
    return { kind: 'applied', mode, results };
  }
  const pins = await documentHashes(em, keys);
  const missing = keys.filter((key) => !pins.has(key));
  if (missing.length > 0) throw new AppError('NOT_FOUND', `No KYC application for ${missing.map(short).join(', ')}.`);
  const [proposal] = await em.execute<Array<{ id: string }>>(
    `INSERT INTO kyc_bulk_proposals (decision, category, note, proposed_by) VALUES (?, ?, ?, ?::uuid) RETURNING id`,
    [parsed.decision, parsed.category ?? null, parsed.note ?? null, actor.id],
  );
  await em.execute(
    `INSERT INTO kyc_bulk_proposal_cases (proposal_id, application_key, document_hashes)
     SELECT ?::uuid, v.key, v.hashes FROM jsonb_to_recordset(?::jsonb) AS v(key text, hashes jsonb)`,
    [proposal.id, JSON.stringify(keys.map((key) => ({ key, hashes: pins.get(key) })))],
  );
  return { kind: 'proposed', proposalId: proposal.id, cases: keys.length, threshold };
}

const short = (key: string) => `${key.slice(0, 10)}…`;

type ProposalRow = { id: string; decision: 'approve' | 'reject'; category: string | null; note: string | null; proposed_by: string; status: string };

/**
 * The second reviewer's approval: refused to the proposer (FORBIDDEN), refused when any covered
 * document changed since the proposal (CONFLICT naming the cases), else applied with per-case results.
 */
export async function approveBulkProposal(
  em: EntityManager,
  actor: Actor,
  input: { proposalId: string },
  options: WriteOptions,
): Promise<{ mode: RowWriteResult['mode'] | null; results: BulkCaseResult[] }> {
  const { proposalId } = kycProposalSchema.parse(input);
  const [proposal] = await em.execute<ProposalRow[]>(
    `SELECT id, decision, category, note, proposed_by, status FROM kyc_bulk_proposals WHERE id = ?::uuid FOR UPDATE`,
    [proposalId],
  );
  if (!proposal) throw new AppError('NOT_FOUND', 'No such bulk proposal.');
  if (proposal.status !== 'pending') throw new AppError('CONFLICT', `This proposal was already ${proposal.status}.`);
  if (proposal.proposed_by === actor.id) throw new AppError('FORBIDDEN', 'You proposed this bulk decision; another reviewer must approve it.');
  const pinned = await em.find(KycBulkProposalCase, { proposal: proposalId }, { orderBy: { applicationKey: 'asc' } });
  const keys = pinned.map((row) => row.applicationKey);
  const current = await documentHashes(em, keys);
  const changed = pinned.filter((row) => !samePins(row.documentHashes, current.get(row.applicationKey) ?? {})).map((row) => row.applicationKey);
  if (changed.length > 0) {
    throw new AppError(
      'CONFLICT',
      `Documents changed since this was proposed, for ${changed.length} case(s): ${changed.join(', ')}. Decline it and review those cases again.`,
    );
  }
  const outcome = await applyBulk(
    em,
    actor,
    { decision: proposal.decision, category: proposal.category as never, note: proposal.note ?? undefined, keys, proposalId },
    options,
  );
  await em.execute(`UPDATE kyc_bulk_proposals SET status = 'approved', decided_by = ?::uuid, decided_at = now(), result = ?::jsonb WHERE id = ?::uuid`, [
    actor.id,
    JSON.stringify(outcome.results),
    proposalId,
  ]);
  return outcome;
}

/** Declines a pending proposal (the proposer withdrawing it, or a second reviewer refusing it). */
export async function declineBulkProposal(em: EntityManager, actor: Actor, input: { proposalId: string }): Promise<void> {
  const { proposalId } = kycProposalSchema.parse(input);
  const [proposal] = await em.execute<ProposalRow[]>(`SELECT id, proposed_by, status FROM kyc_bulk_proposals WHERE id = ?::uuid FOR UPDATE`, [proposalId]);
  if (!proposal) throw new AppError('NOT_FOUND', 'No such bulk proposal.');
  if (proposal.status !== 'pending') throw new AppError('CONFLICT', `This proposal was already ${proposal.status}.`);
  // The proposer may withdraw (the proposal goes; the audit trail keeps it); the four-eyes rule only forbids approving one's own.
  if (proposal.proposed_by === actor.id) {
    await em.execute(`DELETE FROM kyc_bulk_proposals WHERE id = ?::uuid`, [proposalId]);
    return;
  }
  await em.execute(`UPDATE kyc_bulk_proposals SET status = 'declined', decided_by = ?::uuid, decided_at = now() WHERE id = ?::uuid`, [actor.id, proposalId]);
}

type BulkApply = {
  decision: 'approve' | 'reject';
  category?: (typeof KYC_REJECTION_CATEGORIES)[number];
  note?: string;
  keys: string[];
  proposalId: string | null;
};

/**
 * One legacy write for every case (as the single decision writes it), then each applied case's timeline
 * event and released lease, and one correlated audit entry with every case's result. A case another
 * reviewer holds right now, or that is already decided, is skipped and reported.
 */
async function applyBulk(em: EntityManager, actor: Actor, bulk: BulkApply, options: WriteOptions) {
  const held = await em.execute<Array<{ application_key: string }>>(
    `SELECT application_key FROM kyc_review_cases
      WHERE application_key IN (SELECT jsonb_array_elements_text(?::jsonb)) AND assignee_id <> ?::uuid AND lease_expires_at > now()`,
    [JSON.stringify(bulk.keys), actor.id],
  );
  const heldByOthers = new Set(held.map((row) => row.application_key));
  const legacyStatus = bulk.decision === 'approve' ? 'verified' : 'rejected';
  const reason = bulk.decision === 'reject' ? legacyRejectionReason(bulk.category!, bulk.note!) : null;
  const decidedAt = new Date().toISOString();
  const writable = bulk.keys.filter((key) => !heldByOthers.has(key));
  const written = writable.length
    ? await writeLegacyRows(em, {
        source: SOURCE,
        keys: writable,
        ...options,
        edit: (current) => {
          const status = typeof current.verificationStatus === 'string' ? current.verificationStatus : null;
          if (status === 'verified' || status === 'rejected') return { kind: 'skip', reason: `already ${status}` };
          return { kind: 'apply', value: decidedRecord(current, legacyStatus, decidedAt, reason) };
        },
      })
    : null;
  const results: BulkCaseResult[] = [
    ...[...heldByOthers].map((key): BulkCaseResult => ({ identityHash: key, status: 'skipped', reason: 'another reviewer holds this case' })),
    ...(written?.outcomes ?? []).map((outcome): BulkCaseResult =>
      outcome.status === 'applied'
        ? { identityHash: outcome.key, status: 'applied' }
        : { identityHash: outcome.key, status: outcome.status, reason: outcome.reason },
    ),
  ];
  const applied = results.filter((result) => result.status === 'applied').map((result) => result.identityHash);
  for (const key of applied) {
    await recordCaseEvent(em, actor, key, bulk.decision === 'approve' ? 'approved' : 'rejected', {
      bulk: true,
      proposalId: bulk.proposalId,
      category: bulk.category ?? null,
      note: bulk.note ?? null,
      rejectionReason: reason,
      legacyStatus,
    });
  }
  if (applied.length > 0) {
    await em.execute(
      `UPDATE kyc_review_cases SET assignee_id = NULL, claimed_at = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE application_key IN (SELECT jsonb_array_elements_text(?::jsonb)) AND assignee_id IS NOT NULL`,
      [JSON.stringify(applied)],
    );
  }
  await recordAuditEvent(
    em,
    {
      action: 'KYC_BULK_DECISION',
      tableName: 'kyc_applications',
      recordId: bulk.proposalId ?? `bulk-${decidedAt}`,
      newValues: { decision: bulk.decision, proposalId: bulk.proposalId, decidedBy: actor.email, legacyStatus, rejectionReason: reason, results },
    },
    options.context,
  );
  return { mode: written?.mode ?? null, results };
}

export type KycProposalDto = {
  id: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  proposedBy: string;
  proposedByMe: boolean;
  proposedAt: string;
  cases: number;
};

/** The proposals waiting for a second reviewer, oldest first. */
export async function findPendingProposals(em: EntityManager, actor: Actor): Promise<KycProposalDto[]> {
  const rows = await em.execute<
    Array<{
      id: string;
      decision: 'approve' | 'reject';
      category: string | null;
      note: string | null;
      proposed_by: string;
      name: string;
      proposed_at: string;
      cases: string;
    }>
  >(
    `SELECT p.id, p.decision, p.category, p.note, p.proposed_by, au.name, p.proposed_at, (SELECT count(*) FROM kyc_bulk_proposal_cases c WHERE c.proposal_id = p.id) AS cases
       FROM kyc_bulk_proposals p JOIN admin_users au ON au.id = p.proposed_by WHERE p.status = 'pending' ORDER BY p.proposed_at LIMIT 50`,
  );
  return rows.map((row) => ({
    id: row.id,
    decision: row.decision,
    reason: row.category ? legacyRejectionReason(row.category as (typeof KYC_REJECTION_CATEGORIES)[number], row.note ?? '') : null,
    proposedBy: row.name,
    proposedByMe: row.proposed_by === actor.id,
    proposedAt: new Date(row.proposed_at).toISOString(),
    cases: Number(row.cases),
  }));
}
