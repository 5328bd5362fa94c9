import { Migration } from '@mikro-orm/migrations';

/**
 * A GDPR data package taken from the user page (decision 072) is listed on the person's access log like a
 * phone reveal: `user_data_access.kind` gains `data_package`, which, like a reveal, always carries a reason.
 */
export class Migration20261207120000UserDataPackageAccess extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE user_data_access DROP CONSTRAINT user_data_access_kind_check;
      ALTER TABLE user_data_access ADD CONSTRAINT user_data_access_kind_check CHECK (kind IN ('page_view', 'phone_reveal', 'data_package'));
      ALTER TABLE user_data_access DROP CONSTRAINT user_data_access_reveal_reason;
      ALTER TABLE user_data_access ADD CONSTRAINT user_data_access_reveal_reason CHECK (kind = 'page_view' OR reason IS NOT NULL);
    `);
  }
}
