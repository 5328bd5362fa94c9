import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes the explorer reads through (decision 051): chain transactions by `(mined_at, id)`, so the
 * unified transactions list (chain transactions and the transaction log, newest first) is a merge of
 * two index scans at any depth; and blocks by hash, so the universal search finds a block hash with
 * one probe; and chain transactions by type, so the type filter lists the types with a skip scan. The entities declare the same indexes (the schema diff stays empty).
 */
export class Migration20261205216000ExplorerIndexes extends Migration {
  readonly name = 'Migration20261205216000ExplorerIndexes';

  override async up(): Promise<void> {
    this.addSql('CREATE INDEX chain_transactions_mined_id_idx ON chain_transactions (mined_at, id);');
    this.addSql('CREATE INDEX chain_blocks_block_hash_idx ON chain_blocks (block_hash);');
    this.addSql('CREATE INDEX chain_transactions_tx_type_idx ON chain_transactions (tx_type);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX chain_transactions_tx_type_idx;');
    this.addSql('DROP INDEX chain_blocks_block_hash_idx;');
    this.addSql('DROP INDEX chain_transactions_mined_id_idx;');
  }
}
