import { Migration } from '@mikro-orm/migrations';

/**
 * The transaction log in file order (the legacy feed's "newest first": `GET /api/explorer/transactions`,
 * public and unfiltered by default, and its `?type=` form) as indexes, so a page is read in order
 * instead of sorting the whole log. Found by the list-plans test: both were sequential scans.
 */
export class Migration20261205215100TransactionFeedIndexes extends Migration {
  readonly name = 'Migration20261205215100TransactionFeedIndexes';

  override async up(): Promise<void> {
    this.addSql('CREATE INDEX transaction_log_position_idx ON transaction_log (legacy_position);');
    this.addSql('CREATE INDEX transaction_log_type_position_idx ON transaction_log (type, legacy_position);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX transaction_log_type_position_idx;');
    this.addSql('DROP INDEX transaction_log_position_idx;');
  }
}
