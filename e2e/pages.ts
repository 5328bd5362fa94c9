import { query } from './fixtures/db';

/** Every screen of the admin area, for the accessibility sweep and the screenshot tour. */
export const ADMIN_PAGES = [
  '/dashboard',
  '/assets',
  '/assets/new',
  '/pool-tiers',
  '/users',
  '/users/import',
  '/explorer',
  '/explorer/blocks',
  '/explorer/blocks/1',
  '/explorer/transactions',
  '/explorer/wallets',
  '/explorer/search?q=no-such-thing',
  '/analytics',
  '/kyc',
  '/kyc/metrics',
  // A pending application of the e2e data (legacy-gen small, seed 1) with four stored documents.
  '/kyc/0x41a61785d8d7ce650f8ec6e04fe3af2d8ae11cb185650c859c552c7e701f361e',
  '/exports',
  '/exports/verify',
  '/exports/schedules',
  '/audit',
  '/migration',
  '/settings/admin-users',
  '/settings/security',
  '/account/api-tokens',
] as const;

/**
 * Pages that hold a server-sent-events stream open (the explorer's new blocks): the network never goes
 * idle on them, so they are opened until `load` (streamed content included) instead of `networkidle`.
 */
export const LIVE_PAGES: ReadonlySet<string> = new Set(['/explorer', '/explorer/blocks']);

export const waitUntilFor = (path: string): 'load' | 'networkidle' => (LIVE_PAGES.has(path) ? 'load' : 'networkidle');

/**
 * Pages of one stored record, whose ids the import generates: a registered user with a wallet and an
 * asset of the e2e data, looked up when a sweep starts.
 */
export async function recordPages(): Promise<string[]> {
  const [user] = await query<{ id: string }>(
    `SELECT id FROM user_directory WHERE wallet_address IS NOT NULL ORDER BY registered_at DESC NULLS LAST, id LIMIT 1`,
  );
  const [asset] = await query<{ id: string }>(`SELECT id::text AS id FROM assets ORDER BY id LIMIT 1`);
  return [`/users/${user.id}`, `/assets/${asset.id}`];
}
