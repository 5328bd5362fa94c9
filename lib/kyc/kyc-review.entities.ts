import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { AdminUser } from '@/lib/admin-users/admin-user.entity';
import { KYC_ACCESS_REASONS } from './kyc.schemas';

const p = defineEntity.properties;

// The review state beside the legacy record (decision 048): Migration20261205213000KycReview,
// Migration20261205214000KycBulkProposals and Migration20261206020000KycUploadReopen hold the rules the
// database keeps. Cases, events and proposals are keyed by the application's identity hash
// (`applicationKey`) with no foreign key: `kyc_applications` is re-imported and synced from the file,
// and a claim or a timeline outlives a re-import of the same application.

/** A reviewer's admin row, kept as its id (the audit trail names the person). */
const adminId = (table: string, column: string, deleteRule: 'set null' | 'cascade' | 'no action') =>
  p.manyToOne(AdminUser).fieldName(column).mapToPk().foreignKeyName(`${table}_${column}_fkey`).updateRule('no action').deleteRule(deleteRule);

const createdNow = () =>
  p
    .datetime()
    .defaultRaw('now()')
    .onCreate(() => new Date());

/** One application under review: who holds it and until when, the tier it asks for, the last resubmission request. */
export const KycReviewCase = defineEntity({
  name: 'KycReviewCase',
  tableName: 'kyc_review_cases',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    applicationKey: p.text().unique('kyc_review_cases_application_key_key'),
    assignee: adminId('kyc_review_cases', 'assignee_id', 'set null').nullable(),
    claimedAt: p.datetime().nullable(),
    leaseExpiresAt: p.datetime().nullable(),
    requestedTier: p.smallint().nullable(),
    resubmissionRequestedAt: p.datetime().nullable(),
    createdAt: createdNow(),
    updatedAt: createdNow().onUpdate(() => new Date()),
  },
  checks: [
    { name: 'kyc_review_cases_requested_tier_check', expression: 'requested_tier >= 1 AND requested_tier <= 5' },
    {
      name: 'kyc_review_cases_lease_check',
      expression: '(assignee_id IS NULL) = (lease_expires_at IS NULL) AND (assignee_id IS NULL) = (claimed_at IS NULL)',
    },
  ],
  indexes: [
    {
      name: 'kyc_review_cases_assignee_idx',
      expression: 'CREATE INDEX kyc_review_cases_assignee_idx ON kyc_review_cases (assignee_id, lease_expires_at) WHERE assignee_id IS NOT NULL',
    },
  ],
});
export type KycReviewCaseEntity = InferEntity<typeof KycReviewCase>;

/** The reason a reviewer chose, once per case, before its documents are shown. */
export const KycCaseAccess = defineEntity({
  name: 'KycCaseAccess',
  tableName: 'kyc_case_access',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    applicationKey: p.text(),
    admin: adminId('kyc_case_access', 'admin_id', 'cascade'),
    reason: p.enum([...KYC_ACCESS_REASONS]).columnType('varchar(40)'),
    chosenAt: createdNow(),
  },
  uniques: [{ name: 'kyc_case_access_case_admin_unique', properties: ['applicationKey', 'admin'] }],
});
export type KycCaseAccessEntity = InferEntity<typeof KycCaseAccess>;

export const KYC_CASE_EVENT_KINDS = ['claimed', 'released', 'approved', 'rejected', 'resubmission_requested', 'note', 'reopened_by_upload'] as const;

/** One entry of a case's timeline; the metrics are computed from these. */
export const KycCaseEvent = defineEntity({
  name: 'KycCaseEvent',
  tableName: 'kyc_case_events',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    applicationKey: p.text(),
    kind: p.enum([...KYC_CASE_EVENT_KINDS]).columnType('varchar(30)'),
    actor: adminId('kyc_case_events', 'actor_id', 'set null').nullable(),
    actorLabel: p.text().nullable(),
    occurredAt: createdNow(),
    details: p.json<Record<string, unknown>>().defaultRaw(`'{}'`),
  },
  checks: [{ name: 'kyc_case_events_details_check', expression: `jsonb_typeof(details) = 'object'` }],
  indexes: [
    { name: 'kyc_case_events_case_idx', properties: ['applicationKey', 'occurredAt'] },
    {
      name: 'kyc_case_events_decisions_idx',
      expression: `CREATE INDEX kyc_case_events_decisions_idx ON kyc_case_events (occurred_at) WHERE kind IN ('approved', 'rejected', 'resubmission_requested')`,
    },
  ],
});
export type KycCaseEventEntity = InferEntity<typeof KycCaseEvent>;

/** A bulk decision over more cases than the threshold, waiting for a second reviewer (four eyes). */
export const KycBulkProposal = defineEntity({
  name: 'KycBulkProposal',
  tableName: 'kyc_bulk_proposals',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    decision: p.enum(['approve', 'reject']).columnType('varchar(10)'),
    category: p.string().length(40).nullable(),
    note: p.text().nullable(),
    proposedBy: adminId('kyc_bulk_proposals', 'proposed_by', 'no action'),
    proposedAt: createdNow(),
    status: p.enum(['pending', 'approved', 'declined']).columnType('varchar(12)').default('pending'),
    decidedBy: adminId('kyc_bulk_proposals', 'decided_by', 'no action').nullable(),
    decidedAt: p.datetime().nullable(),
    result: p.json<unknown>().nullable(),
  },
  checks: [
    { name: 'kyc_bulk_proposals_note_check', expression: 'length(note) <= 2000' },
    { name: 'kyc_bulk_proposals_four_eyes_check', expression: 'decided_by IS NULL OR decided_by <> proposed_by' },
    { name: 'kyc_bulk_proposals_reject_reason_check', expression: `(decision = 'reject') = (category IS NOT NULL AND note IS NOT NULL)` },
    {
      name: 'kyc_bulk_proposals_decided_check',
      expression: `(status = 'pending') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)`,
    },
  ],
  indexes: [
    {
      name: 'kyc_bulk_proposals_pending_idx',
      expression: `CREATE INDEX kyc_bulk_proposals_pending_idx ON kyc_bulk_proposals (proposed_at) WHERE status = 'pending'`,
    },
  ],
});
export type KycBulkProposalEntity = InferEntity<typeof KycBulkProposal>;

/** One case a proposal covers, with the SHA-256 of every document it had when proposed ({documentId: sha256}). */
export const KycBulkProposalCase = defineEntity({
  name: 'KycBulkProposalCase',
  tableName: 'kyc_bulk_proposal_cases',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    proposal: p
      .manyToOne(KycBulkProposal)
      .fieldName('proposal_id')
      .mapToPk()
      .foreignKeyName('kyc_bulk_proposal_cases_proposal_id_fkey')
      .updateRule('no action')
      .deleteRule('cascade'),
    applicationKey: p.text(),
    documentHashes: p.json<Record<string, string | null>>(),
  },
  checks: [{ name: 'kyc_bulk_proposal_cases_document_hashes_check', expression: `jsonb_typeof(document_hashes) = 'object'` }],
  uniques: [{ name: 'kyc_bulk_proposal_cases_unique', properties: ['proposal', 'applicationKey'] }],
});
export type KycBulkProposalCaseEntity = InferEntity<typeof KycBulkProposalCase>;

/** The review tables, registered with the others in lib/entities.ts and held to the migrated schema by lib/entities.test.ts. */
export const kycReviewEntities = [KycReviewCase, KycCaseAccess, KycCaseEvent, KycBulkProposal, KycBulkProposalCase];
