import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { kycDocumentTypeVocabulary } from '@/lib/legacy/vocabulary';
import { writeLegacyRows, type RowWriteResult } from '@/lib/storage/write-rows';
import { recordCaseEvent, releaseCase, requireOwnCase } from './kyc-claims';
import { KYC_REJECTION_LABELS, kycDecisionSchema, kycNoteSchema, type KycDecisionInput } from './kyc.schemas';

const SOURCE = 'kyc-metadata';

type WriteOptions = { context: AuditContext; sourceDir?: string; syncTimeoutMs?: number };

/** The legacy verify API's three statuses (legacy-contract §2.5): what metadata.json holds after each decision. */
const LEGACY_STATUS = { approve: 'verified', reject: 'rejected', resubmit: 'pending' } as const;

/** The one free-text `rejectionReason` the legacy record has: the category's words, then the reviewer's note. */
export function legacyRejectionReason(category: keyof typeof KYC_REJECTION_LABELS, note: string): string {
  return `${KYC_REJECTION_LABELS[category]}: ${note}`;
}

/**
 * The application record as the legacy server's `POST /api/kyc/verify-documents` writes it
 * (lib/legacy-api/kyc/kyc-writes.ts): status, `lastUpdated` and `verifiedAt` set to the decision time
 * (`verifiedAt` null for pending), `rejectionReason` only on a rejection; every other member unchanged.
 */
export function decidedRecord(current: JsonObject, status: 'verified' | 'rejected' | 'pending', decidedAt: string, reason: string | null): JsonObject {
  return {
    ...current,
    verificationStatus: status,
    lastUpdated: decidedAt,
    verifiedAt: status === 'pending' ? null : decidedAt,
    rejectionReason: status === 'rejected' ? reason : null,
  };
}

export type KycDecisionResult = { mode: RowWriteResult['mode']; identityHash: string; legacyStatus: string; decidedAt: string };

/**
 * Records one reviewer's decision on a case they hold. The case row stays locked from the check to the
 * end, so a claim cannot slip in between. The legacy write comes first: in json-primary it writes
 * metadata.json and waits for the sync, whose audit entries must not queue behind this transaction's
 * (the audit chain is one lock), so nothing here writes an audited row before it. Then the timeline
 * event and the release of the lease commit with the write's own audit event.
 */
export async function decideKycCase(em: EntityManager, actor: Actor, input: KycDecisionInput, options: WriteOptions): Promise<KycDecisionResult> {
  const decision = kycDecisionSchema.parse(input);
  const { identityHash } = decision;
  const held = await requireOwnCase(em, actor, identityHash);
  if (held.status !== 'pending_review' && held.status !== 'under_review') throw new AppError('CONFLICT', 'This application is already decided.');
  const legacyStatus = LEGACY_STATUS[decision.decision];
  const reason = decision.decision === 'reject' ? legacyRejectionReason(decision.category, decision.note) : null;
  const decidedAt = new Date().toISOString();
  const result = await writeLegacyRows(em, {
    source: SOURCE,
    keys: [identityHash],
    ...options,
    edit: (current) => {
      const status = typeof current.verificationStatus === 'string' ? current.verificationStatus : null;
      if (status === 'verified' || status === 'rejected') throw new AppError('CONFLICT', `This application was ${status} meanwhile; reload it.`);
      return { kind: 'apply', value: decidedRecord(current, legacyStatus, decidedAt, reason) };
    },
  });
  const [outcome] = result.outcomes;
  if (outcome.status === 'skipped') throw new AppError('NOT_FOUND', 'This KYC application is no longer in the legacy data.');
  if (outcome.status === 'failed') throw new AppError('VALIDATION', `The decision was not saved: ${outcome.reason}.`);

  if (decision.decision === 'approve') {
    await recordCaseEvent(em, actor, identityHash, 'approved', { note: decision.note ?? null, legacyStatus });
  } else if (decision.decision === 'reject') {
    await recordCaseEvent(em, actor, identityHash, 'rejected', { category: decision.category, note: decision.note, rejectionReason: reason, legacyStatus });
  } else {
    const legacyKeys = documentKeysOf(outcome.after, decision.documents);
    await recordCaseEvent(em, actor, identityHash, 'resubmission_requested', {
      documents: decision.documents,
      legacyDocumentKeys: legacyKeys,
      message: decision.message,
      legacyStatus,
    });
    await em.execute(`UPDATE kyc_review_cases SET resubmission_requested_at = now() WHERE application_key = ?`, [identityHash]);
  }
  await releaseCase(em, actor, identityHash, 'decided');
  return { mode: result.mode, identityHash, legacyStatus, decidedAt };
}

/** The keys the application's documents use for the requested types (e.g. `id` for national_id). */
function documentKeysOf(application: JsonObject, types: readonly string[]): string[] {
  const documents = isJsonObject(application.documents) ? application.documents : {};
  return types.map((type) => Object.keys(documents).find((key) => kycDocumentTypeVocabulary.fromLegacy(key)?.value === type) ?? type);
}

/** An internal note on the case's timeline (never written to the legacy record). */
export async function addKycNote(em: EntityManager, actor: Actor, input: { identityHash: string; note: string }): Promise<void> {
  const { identityHash, note } = kycNoteSchema.parse(input);
  const [exists] = await em.execute(`SELECT 1 FROM kyc_applications WHERE legacy_key = ?`, [identityHash]);
  if (!exists) throw new AppError('NOT_FOUND', 'No KYC application with this id.');
  await recordCaseEvent(em, actor, identityHash, 'note', { note });
}
