import { Migration } from '@mikro-orm/migrations';

/**
 * The explorer's address filter (decision 074): each address column's index gains the list's
 * `(time, id)` order, so one address's page is one index range read from the cursor in time order
 * rather than a walk of the time index filtering for the address. Same names, same leading column:
 * equality lookups on the address read them as before. On the partitioned `chain_transactions`
 * the index is created on the parent and PostgreSQL builds it on every partition.
 */
export class Migration20261207140000AddressTimeIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      DROP INDEX transaction_log_wallet_address_idx;
      CREATE INDEX transaction_log_wallet_address_idx ON transaction_log (lower(wallet_address), occurred_at, id);
      DROP INDEX transaction_log_sender_wallet_address_idx;
      CREATE INDEX transaction_log_sender_wallet_address_idx ON transaction_log (lower(sender_wallet_address), occurred_at, id) WHERE sender_wallet_address IS NOT NULL;
      DROP INDEX chain_transactions_from_idx;
      CREATE INDEX chain_transactions_from_idx ON chain_transactions (lower(from_address), mined_at, id);
      DROP INDEX chain_transactions_to_idx;
      CREATE INDEX chain_transactions_to_idx ON chain_transactions (lower(to_address), mined_at, id);
    `);
  }
}
