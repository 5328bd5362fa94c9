import { Migration } from '@mikro-orm/migrations';

/**
 * Public KYC uploads (decision 060):
 * - `kyc_upload_usage`: the bytes and files the public upload route has stored per identity, reserved
 *   by one conditional upsert so concurrent uploads cannot pass the cap together;
 * - `kyc_case_events` learns `reopened_by_upload`: a document uploaded to a decided application
 *   reopens its review, and the event keeps the decision and the document it replaced.
 */
export class Migration20261206020000KycUploadReopen extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE kyc_upload_usage (
        identity_hash text PRIMARY KEY,
        bytes bigint NOT NULL CHECK (bytes >= 0),
        files integer NOT NULL CHECK (files >= 0),
        last_upload_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE kyc_case_events DROP CONSTRAINT kyc_case_events_kind_check;
      ALTER TABLE kyc_case_events ADD CONSTRAINT kyc_case_events_kind_check
        CHECK (kind IN ('claimed', 'released', 'approved', 'rejected', 'resubmission_requested', 'note', 'reopened_by_upload'));
    `);
  }
}
