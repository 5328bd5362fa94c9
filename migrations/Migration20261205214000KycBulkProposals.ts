import { Migration } from '@mikro-orm/migrations';

/**
 * Four-eyes bulk KYC decisions (decision 048): a bulk approve or reject over more cases than the
 * threshold is a proposal another reviewer must approve. Each covered case pins the SHA-256 of every
 * document it had when proposed; approval re-reads them and fails naming the cases that changed.
 * The database itself refuses an approver who is the proposer.
 */
export class Migration20261205214000KycBulkProposals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE kyc_bulk_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision varchar(10) NOT NULL CHECK (decision IN ('approve', 'reject')),
        category varchar(40),
        note text CHECK (length(note) <= 2000),
        proposed_by uuid NOT NULL REFERENCES admin_users (id),
        proposed_at timestamptz NOT NULL DEFAULT now(),
        status varchar(12) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
        decided_by uuid REFERENCES admin_users (id),
        decided_at timestamptz,
        result jsonb,
        CONSTRAINT kyc_bulk_proposals_four_eyes_check CHECK (decided_by IS NULL OR decided_by <> proposed_by),
        CONSTRAINT kyc_bulk_proposals_reject_reason_check CHECK ((decision = 'reject') = (category IS NOT NULL AND note IS NOT NULL)),
        CONSTRAINT kyc_bulk_proposals_decided_check CHECK ((status = 'pending') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL))
      );
      CREATE INDEX kyc_bulk_proposals_pending_idx ON kyc_bulk_proposals (proposed_at) WHERE status = 'pending';

      CREATE TABLE kyc_bulk_proposal_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES kyc_bulk_proposals (id) ON DELETE CASCADE,
        application_key text NOT NULL,
        document_hashes jsonb NOT NULL CHECK (jsonb_typeof(document_hashes) = 'object'),
        CONSTRAINT kyc_bulk_proposal_cases_unique UNIQUE (proposal_id, application_key)
      );

      SELECT audit_attach('kyc_bulk_proposals');
      SELECT audit_attach('kyc_bulk_proposal_cases');
    `);
  }
}
