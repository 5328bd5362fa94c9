import { Migration } from '@mikro-orm/migrations';

/** Calls made with a personal API token are audited under their own source, `api-token` (decision 066). */
export class Migration20261206100000ApiTokenAuditSource extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE audit_trail DROP CONSTRAINT audit_trail_source_check;
      ALTER TABLE audit_trail ADD CONSTRAINT audit_trail_source_check
        CHECK (source IN ('admin-ui', 'api-token', 'legacy-api', 'migration', 'legacy-log', 'system', 'cli', 'sync'));
    `);
  }
}
