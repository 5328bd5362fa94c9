import { Migration } from '@mikro-orm/migrations';

/**
 * The explorer's address filter (decision 078): each address column's index carries the list's
 * `(time, id)` order, so one address's page on one column is a single index range read backwards from
 * the cursor, at most a page of rows, instead of a walk of the time index filtering for the address.
 * The lower(address)-only indexes they replace are their prefixes: equality lookups read the new ones.
 * Created on the parents (a partitioned `chain_transactions`, and `transaction_log` once it is one too),
 * so each partition gets its own.
 */
export class Migration20261208120000ExplorerAddressTimeIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE INDEX IF NOT EXISTS transaction_log_wallet_time_idx ON transaction_log (lower(wallet_address), occurred_at, id);
      CREATE INDEX IF NOT EXISTS transaction_log_sender_time_idx ON transaction_log (lower(sender_wallet_address), occurred_at, id)
        WHERE sender_wallet_address IS NOT NULL;
      CREATE INDEX IF NOT EXISTS chain_transactions_from_time_idx ON chain_transactions (lower(from_address), mined_at, id);
      CREATE INDEX IF NOT EXISTS chain_transactions_to_time_idx ON chain_transactions (lower(to_address), mined_at, id);
      DROP INDEX IF EXISTS transaction_log_wallet_address_idx;
      DROP INDEX IF EXISTS transaction_log_sender_wallet_address_idx;
      DROP INDEX IF EXISTS chain_transactions_from_idx;
      DROP INDEX IF EXISTS chain_transactions_to_idx;
    `);
  }
}
