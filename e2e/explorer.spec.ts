import { query } from './fixtures/db';
import { expect, test } from './fixtures/session';
import { LOCK } from './locks';

// Compares the head block with the screen, and stores a block above it.
test.describe.configure({ lock: LOCK.chainHead });

const hex = (bytes: number) => `0x${[...crypto.getRandomValues(new Uint8Array(bytes))].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;

/** Stores a block above the current head, as the ingester would: the next number, its own hash. */
async function storeNextBlock(): Promise<string> {
  const [{ next }] = await query<{ next: string }>(`SELECT (coalesce(max(block_number), 0) + 1)::text AS next FROM chain_blocks`);
  await query(
    `INSERT INTO chain_blocks (legacy_key, legacy_position, legacy_hash, block_number, block_hash, mined_at, transaction_count)
     VALUES ($1, (SELECT coalesce(max(legacy_position), 0) + 1 FROM chain_blocks), repeat('0', 64), $2::bigint, $3, now(), 0)`,
    [`e2e-live-${next}`, next, hex(32)],
  );
  return next;
}

// The stored blocks exist only in PostgreSQL, never in the legacy chain file: left in place, they are a difference
// the cut-over spec's rollback rehearsal rightly reports (it may run after this spec, decision 082).
test.afterAll(async () => {
  await query(`DELETE FROM chain_blocks WHERE legacy_key LIKE 'e2e-live-%'`);
});

test('[EXPLORER]: overview → blocks → block → transaction → address; the block grid’s keyset pages and their links', async ({ signedInPage }) => {
  // A long walk through eight screens: twice the default budget, so a loaded machine does not cut it short.
  test.setTimeout(120_000);
  const { page } = await signedInPage('super_admin');
  const [head] = await query<{ n: string }>(`SELECT max(block_number)::text AS n FROM chain_blocks`);

  await page.goto('/explorer', { waitUntil: 'load' });
  await expect(page.getByRole('heading', { level: 1, name: 'Explorer' })).toBeVisible();
  await expect(page.getByTestId('block-height')).toHaveText(Number(head.n).toLocaleString('en-US'));
  await expect(page.getByTestId('latest-blocks').getByRole('row')).toHaveCount(11);
  await expect(page.getByTestId('latest-blocks').locator('tbody tr td:nth-child(1)').first()).toHaveText(head.n);
  await page.getByRole('link', { name: '90 days' }).click();
  await expect(page).toHaveURL(/range=90/);
  await expect(page.getByRole('link', { name: '90 days' })).toHaveAttribute('aria-current', 'true');

  await page.getByRole('navigation', { name: 'Explorer' }).getByRole('link', { name: 'Blocks' }).click();
  await expect(page).toHaveURL(/\/explorer\/blocks$/);
  const numbers = page.getByTestId('blocks-grid').locator('tbody tr td:nth-child(1)');
  await page.getByRole('combobox', { name: 'Rows per page' }).click();
  await page.getByRole('option', { name: '25' }).click();
  await expect(numbers).toHaveCount(25);
  const firstPage = await numbers.allTextContents();
  expect(firstPage[0]).toBe(head.n);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(numbers.first()).toHaveText(String(Number(firstPage.at(-1)) - 1));
  const secondPage = await numbers.allTextContents();

  const shared = await page.context().newPage();
  await shared.goto(page.url(), { waitUntil: 'load' });
  await expect(shared.getByTestId('blocks-grid').locator('tbody tr td:nth-child(1)')).toHaveText(secondPage);
  await shared.close();
  await page.goBack();
  await expect(numbers).toHaveText(firstPage);

  // A block holding a chain transaction, then that transaction, then its sender's address.
  const [withTx] = await query<{ block_number: string; tx_hash: string; from_address: string }>(
    `SELECT block_number::text AS block_number, tx_hash, from_address FROM chain_transactions
      WHERE from_address IS NOT NULL ORDER BY block_number DESC, transaction_index LIMIT 1`,
  );
  await page.getByRole('textbox', { name: 'Go to block number' }).fill(withTx.block_number);
  await page.getByRole('button', { name: 'Go to block' }).click();
  await expect(page).toHaveURL(new RegExp(`/explorer/blocks/${withTx.block_number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Block ${Number(withTx.block_number).toLocaleString('en-US')}`);
  await page.getByRole('link', { name: withTx.tx_hash }).click();
  await expect(page).toHaveURL(new RegExp(`/explorer/transactions/${withTx.tx_hash}$`));
  await expect(page.getByTestId('chain-transaction')).toContainText(withTx.block_number);
  await page.getByTestId('chain-transaction').getByRole('link', { name: withTx.from_address }).click();
  await expect(page).toHaveURL(new RegExp(`/explorer/address/${withTx.from_address.toLowerCase()}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Address' })).toBeVisible();
  await expect(page.getByTestId('address-transactions')).toContainText(withTx.tx_hash.slice(0, 10));
});

test('[EXPLORER]: a block number only chain transactions name says it is not in the chain history and lists them; a number nobody names is not found', async ({
  signedInPage,
}) => {
  const { page } = await signedInPage('super_admin');
  const [{ missing }] = await query<{ missing: string }>(`SELECT (coalesce(max(block_number), 0) + 1000000)::text AS missing FROM chain_block_numbers`);
  const txHash = hex(32);
  // As the import stores an orphan (decision 081): the key deferred, the row written, its number registered as a placeholder.
  await query(`
    DO $$
    BEGIN
      SET CONSTRAINTS chain_transactions_block_number_fkey DEFERRED;
      INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, block_number, transaction_index, value_wei, mined_at)
      VALUES ('${txHash}', (SELECT coalesce(max(legacy_position), 0) + 1 FROM chain_transactions), repeat('0', 64), '${txHash}', ${missing}, 0, 1, now());
      PERFORM chain_block_numbers_add_named();
    END
    $$`);

  try {
    await page.goto(`/explorer/blocks/${missing}`, { waitUntil: 'load' });
    await expect(page.getByTestId('block-not-in-history')).toContainText(`Block #${missing} is not in the chain history; 1 transaction names it.`);
    await expect(page.getByRole('link', { name: txHash })).toBeVisible();
    await page.goto(`/explorer/blocks/${BigInt(missing) + 1n}`);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  } finally {
    // A row only PostgreSQL holds: the cut-over spec's rollback rehearsal would report it (decision 082).
    await query(`DELETE FROM chain_transactions WHERE legacy_key = $1`, [txHash]);
  }
});

test('[EXPLORER][SEARCH]: a transaction hash typed in the search opens its page, chain and log side by side', async ({ signedInPage }) => {
  const { page } = await signedInPage('auditor');
  const [logged] = await query<{ tx_hash: string; type: string }>(
    `SELECT tx_hash, type FROM transaction_log WHERE tx_hash IS NOT NULL AND tx_hash NOT IN (SELECT tx_hash FROM chain_transactions) ORDER BY legacy_position LIMIT 1`,
  );
  await page.goto('/explorer/transactions');
  await page.getByRole('searchbox', { name: 'Search the explorer' }).fill(logged.tx_hash.toUpperCase().replace('0X', '0x'));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/explorer/transactions/${logged.tx_hash}$`));
  await expect(page.getByRole('heading', { name: 'In the transaction log' })).toBeVisible();
  await expect(page.getByTestId('log-entry')).toContainText(logged.type);
  await expect(page.getByText('No chain transaction with this hash is stored.')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search the explorer' }).fill('0xnothing');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('Nothing matches “0xnothing”.')).toBeVisible();
});

test('[EXPLORER][LIVE]: a block stored while the overview and the blocks grid are open appears on both without a reload', async ({ signedInPage }) => {
  const { page } = await signedInPage('viewer');
  await page.goto('/explorer', { waitUntil: 'load' });
  await expect(page.getByTestId('stream-status')).toHaveText('Live');
  const grid = await page.context().newPage();
  await grid.goto('/explorer/blocks', { waitUntil: 'load' });
  await expect(grid.getByTestId('stream-status')).toHaveText('Live');
  let navigations = 0;
  page.on('framenavigated', () => (navigations += 1));

  const stored = await storeNextBlock();
  await expect(page.getByTestId('latest-blocks').getByRole('link', { name: stored, exact: true })).toBeVisible();
  await expect(page.getByTestId('block-height')).toHaveText(Number(stored).toLocaleString('en-US'));
  await expect(grid.getByTestId('blocks-grid').locator('tbody tr td:nth-child(1)').first()).toHaveText(stored);
  expect(navigations, 'the overview was not reloaded').toBe(0);
});

test('[EXPLORER][PRIVACY]: a viewer sees masked wallets only: no identity column, search or linked user', async ({ signedInPage }) => {
  const { page } = await signedInPage('viewer');
  await page.goto('/explorer/wallets');
  const grid = page.getByTestId('wallets-grid');
  await expect(grid.locator('tbody tr').first()).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Identity' })).toHaveCount(0);
  const phones = (await grid.locator('tbody tr td:nth-child(2)').allTextContents()).filter((text) => text !== '—');
  expect(phones.length).toBeGreaterThan(0);
  // Country code and at most the last two digits (decision 052).
  for (const phone of phones) expect(phone).toMatch(/^\+\d{1,3} •+\d{0,2}$/);
  const identities = await query<{ identity_hash: string }>(`SELECT identity_hash FROM wallet_directory WHERE identity_hash IS NOT NULL`);
  const html = await page.content();
  expect(identities.filter((row) => html.includes(row.identity_hash))).toEqual([]);

  const [wallet] = await query<{ wallet_address: string; identity_hash: string }>(
    `SELECT wallet_address, identity_hash FROM wallet_directory WHERE identity_hash IS NOT NULL ORDER BY legacy_position LIMIT 1`,
  );
  await page.goto(`/explorer/address/${wallet.wallet_address}`);
  await expect(page.getByTestId('wallet-details')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Linked user' })).toHaveCount(0);
  expect(await page.content()).not.toContain(wallet.identity_hash);

  await page.goto(`/explorer/wallets?q=${wallet.identity_hash}`);
  await expect(page.getByTestId('access-denied')).toBeVisible();
  await page.goto(`/explorer/search?q=${wallet.identity_hash.slice(0, 20)}`);
  await expect(page.getByText(/^Nothing matches/)).toBeVisible();
});
