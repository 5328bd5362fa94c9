import { Migration } from '@mikro-orm/migrations';

/**
 * KYC review state that the legacy metadata.json has no place for (decision 048):
 * - `kyc_review_cases`: one row per application (by its identity hash, the `kyc_applications` legacy key)
 *   once it has been claimed: who holds it and until when (the lease), the tier it asks for when a reviewer
 *   set it (else the documents say), and when a resubmission was last asked for (it sorts first).
 *   No foreign key to `kyc_applications`: that table is re-imported (TRUNCATE … CASCADE) and synced from
 *   the legacy file, and a reviewer's claim must survive a re-import of the same application.
 * - `kyc_case_access`: the reason a reviewer chose, once per case, for viewing its documents.
 * - `kyc_case_events`: the case's timeline (claims, releases, decisions, notes, resubmission requests);
 *   metrics are computed from it.
 * Every table is audited row by row by the audit trigger (decision 036); lease renewals alone are not
 * entries (the lease column is ignored by the trigger), a claim or release is.
 */
export class Migration20261205213000KycReview extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE kyc_review_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_key text NOT NULL CONSTRAINT kyc_review_cases_application_key_key UNIQUE,
        assignee_id uuid REFERENCES admin_users (id) ON DELETE SET NULL,
        claimed_at timestamptz,
        lease_expires_at timestamptz,
        requested_tier smallint CHECK (requested_tier BETWEEN 1 AND 5),
        resubmission_requested_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT kyc_review_cases_lease_check CHECK ((assignee_id IS NULL) = (lease_expires_at IS NULL) AND (assignee_id IS NULL) = (claimed_at IS NULL))
      );
      CREATE INDEX kyc_review_cases_assignee_idx ON kyc_review_cases (assignee_id, lease_expires_at) WHERE assignee_id IS NOT NULL;

      CREATE TABLE kyc_case_access (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_key text NOT NULL,
        admin_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        reason varchar(40) NOT NULL CHECK (reason IN ('initial_review', 'resubmission_review', 'quality_check', 'compliance_investigation', 'customer_request')),
        chosen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT kyc_case_access_case_admin_unique UNIQUE (application_key, admin_id)
      );

      CREATE TABLE kyc_case_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_key text NOT NULL,
        kind varchar(30) NOT NULL CHECK (kind IN ('claimed', 'released', 'approved', 'rejected', 'resubmission_requested', 'note')),
        actor_id uuid REFERENCES admin_users (id) ON DELETE SET NULL,
        actor_label text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
      );
      CREATE INDEX kyc_case_events_case_idx ON kyc_case_events (application_key, occurred_at);
      CREATE INDEX kyc_case_events_decisions_idx ON kyc_case_events (occurred_at) WHERE kind IN ('approved', 'rejected', 'resubmission_requested');

      SELECT audit_attach('kyc_review_cases', ARRAY['updated_at', 'lease_expires_at']);
      SELECT audit_attach('kyc_case_access');
      SELECT audit_attach('kyc_case_events');
    `);
  }
}
