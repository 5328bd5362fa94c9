import { Migration } from '@mikro-orm/migrations';

/**
 * The legacy asset list's default order (`GET /api/admin/assets`: newest first, assets without a
 * creation time last, ties in file order, decision 039) as an index, so its first pages are read in
 * order instead of sorting every asset.
 */
export class Migration20261205031000LegacyAssetListIndex extends Migration {
  readonly name = 'Migration20261205031000LegacyAssetListIndex';

  override async up(): Promise<void> {
    this.addSql('CREATE INDEX assets_legacy_list_created_idx ON assets (created_at DESC NULLS LAST, legacy_position);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX assets_legacy_list_created_idx;');
  }
}
