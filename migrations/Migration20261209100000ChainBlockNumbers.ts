import { Migration } from '@mikro-orm/migrations';

/**
 * The foreign key chain_transactions → blocks, through a registry of block numbers (decision 081), the
 * way `identities` keys every identity-bearing row (decision 034).
 *
 * - `chain_block_numbers` holds every block number the chain history or a chain transaction names, with
 *   where it is named now: `in_history` (a `chain_blocks` row holds it) and `in_transactions` (a
 *   `chain_transactions` row names it). A number once known stays known: nothing deletes from it, so an
 *   archived blocks month (decision 071) leaves its transactions' key satisfied.
 * - `chain_transactions.block_number` references it, DEFERRABLE INITIALLY IMMEDIATE: a raw INSERT naming a
 *   number the registry lacks is refused at once, whoever runs it. The import defers the key, loads, adds
 *   the numbers only its transactions name as placeholders (`in_history` false: the anomaly report's
 *   `blockNotInHistory`), and checks every row before COMMIT.
 * - The flags are kept by statement-level triggers with transition tables on both tables (SECURITY
 *   DEFINER: the app role may only read the registry). The blocks' triggers insert numbers, the
 *   transactions' triggers only update existing rows, so no write of a transaction registers an unknown
 *   number past the key; only `chain_block_numbers_add_named()` does, for numbers a transaction names.
 * - `last_seen_at` moves only when a flag changes, so re-importing the same data changes no row.
 */
export class Migration20261209100000ChainBlockNumbers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE chain_block_numbers (
        block_number bigint PRIMARY KEY,
        in_history boolean NOT NULL DEFAULT false,
        in_transactions boolean NOT NULL DEFAULT false,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      );

      -- The history is the authority on in_history: every writer of chain_blocks (import, sync, ingester, reorg) passes here.
      CREATE FUNCTION chain_block_numbers_from_blocks() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE chain_block_numbers SET in_history = false, last_seen_at = now() WHERE in_history;
          RETURN NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO chain_block_numbers AS n (block_number, in_history)
          SELECT DISTINCT block_number, true FROM new_rows WHERE block_number IS NOT NULL
          ON CONFLICT (block_number) DO UPDATE SET in_history = true, last_seen_at = now() WHERE NOT n.in_history;
        END IF;
        IF TG_OP = 'DELETE' THEN
          UPDATE chain_block_numbers n SET in_history = false, last_seen_at = now()
           WHERE n.in_history AND n.block_number IN (SELECT block_number FROM old_rows)
             AND NOT EXISTS (SELECT 1 FROM chain_blocks b WHERE b.block_number = n.block_number);
        ELSIF TG_OP = 'UPDATE' THEN
          UPDATE chain_block_numbers n SET in_history = false, last_seen_at = now()
           WHERE n.in_history AND n.block_number IN (SELECT block_number FROM old_rows EXCEPT SELECT block_number FROM new_rows)
             AND NOT EXISTS (SELECT 1 FROM chain_blocks b WHERE b.block_number = n.block_number);
        END IF;
        RETURN NULL;
      END
      $$;

      -- Only flags numbers the registry holds: a transaction naming an unknown number is the key's to refuse.
      CREATE FUNCTION chain_block_numbers_from_transactions() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE chain_block_numbers SET in_transactions = false, last_seen_at = now() WHERE in_transactions;
          RETURN NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE chain_block_numbers n SET in_transactions = true, last_seen_at = now()
           WHERE NOT n.in_transactions AND n.block_number IN (SELECT block_number FROM new_rows);
        END IF;
        IF TG_OP = 'DELETE' THEN
          UPDATE chain_block_numbers n SET in_transactions = false, last_seen_at = now()
           WHERE n.in_transactions AND n.block_number IN (SELECT block_number FROM old_rows)
             AND NOT EXISTS (SELECT 1 FROM chain_transactions t WHERE t.block_number = n.block_number);
        ELSIF TG_OP = 'UPDATE' THEN
          UPDATE chain_block_numbers n SET in_transactions = false, last_seen_at = now()
           WHERE n.in_transactions AND n.block_number IN (SELECT block_number FROM old_rows EXCEPT SELECT block_number FROM new_rows)
             AND NOT EXISTS (SELECT 1 FROM chain_transactions t WHERE t.block_number = n.block_number);
        END IF;
        RETURN NULL;
      END
      $$;

      /*
       * Registers, as placeholders (in_history false), the block numbers chain_transactions names and the
       * registry lacks: the lossless import's orphans, added on purpose while the key is deferred. With
       * numbers, only those are looked at (a few staged rows); without, the whole table (a full import).
       * Returns how many it added.
       */
      CREATE FUNCTION chain_block_numbers_add_named(numbers bigint[] DEFAULT NULL) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        added integer;
      BEGIN
        IF numbers IS NULL THEN
          INSERT INTO chain_block_numbers (block_number, in_transactions)
          SELECT DISTINCT t.block_number, true FROM chain_transactions t
           WHERE t.block_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chain_block_numbers n WHERE n.block_number = t.block_number)
          ON CONFLICT (block_number) DO NOTHING;
        ELSE
          INSERT INTO chain_block_numbers (block_number, in_transactions)
          SELECT DISTINCT named.block_number, true FROM unnest(numbers) AS named (block_number)
           WHERE NOT EXISTS (SELECT 1 FROM chain_block_numbers n WHERE n.block_number = named.block_number)
             AND EXISTS (SELECT 1 FROM chain_transactions t WHERE t.block_number = named.block_number)
          ON CONFLICT (block_number) DO NOTHING;
        END IF;
        GET DIAGNOSTICS added = ROW_COUNT;
        RETURN added;
      END
      $$;

      INSERT INTO chain_block_numbers (block_number, in_history, in_transactions)
      SELECT block_number, bool_or(in_history), bool_or(in_transactions)
        FROM (SELECT DISTINCT block_number, true AS in_history, false AS in_transactions FROM chain_blocks WHERE block_number IS NOT NULL
              UNION ALL
              SELECT DISTINCT block_number, false, true FROM chain_transactions WHERE block_number IS NOT NULL) named
       GROUP BY block_number;

      CREATE TRIGGER chain_blocks_numbers_insert AFTER INSERT ON chain_blocks REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_blocks();
      CREATE TRIGGER chain_blocks_numbers_update AFTER UPDATE ON chain_blocks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_blocks();
      CREATE TRIGGER chain_blocks_numbers_delete AFTER DELETE ON chain_blocks REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_blocks();
      CREATE TRIGGER chain_blocks_numbers_truncate AFTER TRUNCATE ON chain_blocks
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_blocks();
      CREATE TRIGGER chain_transactions_numbers_insert AFTER INSERT ON chain_transactions REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_transactions();
      CREATE TRIGGER chain_transactions_numbers_update AFTER UPDATE ON chain_transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_transactions();
      CREATE TRIGGER chain_transactions_numbers_delete AFTER DELETE ON chain_transactions REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_transactions();
      CREATE TRIGGER chain_transactions_numbers_truncate AFTER TRUNCATE ON chain_transactions
        FOR EACH STATEMENT EXECUTE FUNCTION chain_block_numbers_from_transactions();

      ALTER TABLE chain_transactions ADD CONSTRAINT chain_transactions_block_number_fkey
        FOREIGN KEY (block_number) REFERENCES chain_block_numbers (block_number) DEFERRABLE INITIALLY IMMEDIATE;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ALTER TABLE chain_transactions DROP CONSTRAINT chain_transactions_block_number_fkey;
      DROP TRIGGER chain_blocks_numbers_insert ON chain_blocks;
      DROP TRIGGER chain_blocks_numbers_update ON chain_blocks;
      DROP TRIGGER chain_blocks_numbers_delete ON chain_blocks;
      DROP TRIGGER chain_blocks_numbers_truncate ON chain_blocks;
      DROP TRIGGER chain_transactions_numbers_insert ON chain_transactions;
      DROP TRIGGER chain_transactions_numbers_update ON chain_transactions;
      DROP TRIGGER chain_transactions_numbers_delete ON chain_transactions;
      DROP TRIGGER chain_transactions_numbers_truncate ON chain_transactions;
      DROP FUNCTION chain_block_numbers_add_named(bigint[]);
      DROP FUNCTION chain_block_numbers_from_transactions();
      DROP FUNCTION chain_block_numbers_from_blocks();
      DROP TABLE chain_block_numbers;
    `);
  }
}
