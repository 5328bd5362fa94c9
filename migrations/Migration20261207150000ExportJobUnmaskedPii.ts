import { Migration } from '@mikro-orm/migrations';

/**
 * An export may write full phone numbers in place of the masked ones (decision 075): the job record
 * says so. Unmasked numbers are personal data, so such a row also carries `has_personal_data` (and by
 * the existing check, a reason).
 */
export class Migration20261207150000ExportJobUnmaskedPii extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE export_jobs ADD COLUMN unmasked_pii boolean NOT NULL DEFAULT false;
      ALTER TABLE export_jobs ADD CONSTRAINT export_jobs_unmasked_pii_is_personal CHECK ((NOT unmasked_pii) OR has_personal_data);
    `);
  }
}
