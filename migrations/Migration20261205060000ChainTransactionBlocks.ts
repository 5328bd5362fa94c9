import { Migration } from '@mikro-orm/migrations';

/**
 * A chain transaction references its block by hash (unique in the history, whatever a block's number).
 * The key is DEFERRABLE INITIALLY IMMEDIATE: checked at once for anyone, deferred to the commit only by
 * the import, which writes both chain sources in one transaction (decision 034).
 */
export class Migration20261205060000ChainTransactionBlocks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE chain_blocks ADD CONSTRAINT chain_blocks_block_hash_unique UNIQUE (block_hash);
      ALTER TABLE chain_transactions ADD CONSTRAINT chain_transactions_block_hash_fkey
        FOREIGN KEY (block_hash) REFERENCES chain_blocks (block_hash) DEFERRABLE INITIALLY IMMEDIATE;
      -- Removing a block looks up its transactions.
      CREATE INDEX chain_transactions_block_hash_idx ON chain_transactions (block_hash);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      DROP INDEX chain_transactions_block_hash_idx;
      ALTER TABLE chain_transactions DROP CONSTRAINT chain_transactions_block_hash_fkey;
      ALTER TABLE chain_blocks DROP CONSTRAINT chain_blocks_block_hash_unique;
    `);
  }
}
