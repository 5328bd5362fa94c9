import { Migration } from '@mikro-orm/migrations';

/**
 * The assets grid's figures (decision 045) sum every matching asset. This index holds every column they
 * read and every filter they apply without search, so the planner can answer them with an index-only
 * scan of a few megabytes instead of reading the whole table (its descriptions and legacy layout make
 * the rows wide). Leading with `status`, it also narrows the "Live" and drafts views.
 */
export class Migration20261205210100AssetFiguresIndex extends Migration {
  readonly name = 'Migration20261205210100AssetFiguresIndex';

  override async up(): Promise<void> {
    this.addSql(
      'CREATE INDEX assets_figures_idx ON assets (status) INCLUDE (type, category, expected_roi, total_invested, investor_count, min_tier_required, created_at, deadline, contract_address);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX assets_figures_idx;');
  }
}
