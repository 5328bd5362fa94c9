import type pg from 'pg';

/** The foreign key chain_transactions (block_number) → chain_block_numbers (decision 081). */
export const BLOCK_NUMBER_KEY = 'chain_transactions_block_number_fkey';

/**
 * Registers, as placeholders, the block numbers chain_transactions names and `chain_block_numbers`
 * lacks, inside the transaction that wrote the rows (one set statement): the lossless import keeps a
 * transaction whose block the history does not hold, and the orphan stays visible as a number that is
 * not in the history. `numbersOf` narrows the look to the numbers a staged set names (a few changed
 * records); without it the whole table is looked at. The caller defers the key before writing and checks
 * it afterwards (`checkBlockNumberKey`).
 */
export async function recordBlockNumbers(client: pg.Client, numbersOf?: string): Promise<void> {
  if (numbersOf) {
    await client.query(`SELECT chain_block_numbers_add_named(ARRAY(SELECT DISTINCT block_number FROM ${numbersOf} WHERE block_number IS NOT NULL))`);
  } else {
    await client.query('SELECT chain_block_numbers_add_named()');
  }
}

export async function deferBlockNumberKey(client: pg.Client): Promise<void> {
  await client.query(`SET CONSTRAINTS ${BLOCK_NUMBER_KEY} DEFERRED`);
}

/** Checks every row written since the key was deferred, in one pass (before an index build, which pending checks would block). */
export async function checkBlockNumberKey(client: pg.Client): Promise<void> {
  await client.query(`SET CONSTRAINTS ${BLOCK_NUMBER_KEY} IMMEDIATE`);
}

/**
 * The `blockNotInHistory` kind of the anomaly report, read from the registry after an import: the
 * chain transactions whose block number the history does not hold, by hash, in file order.
 */
export async function blockNumberOrphans(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ legacy_key: string }>(
    `SELECT t.legacy_key FROM chain_transactions t JOIN chain_block_numbers n ON n.block_number = t.block_number
      WHERE NOT n.in_history ORDER BY t.legacy_position`,
  );
  return rows.map((row) => row.legacy_key);
}
