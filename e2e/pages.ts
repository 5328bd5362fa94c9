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
  '/kyc',
  '/kyc/metrics',
  // A pending application of the e2e data (legacy-gen small, seed 1) with four stored documents.
  '/kyc/0x41a61785d8d7ce650f8ec6e04fe3af2d8ae11cb185650c859c552c7e701f361e',
  '/exports',
  '/exports/verify',
  '/audit',
  '/migration',
  '/settings/admin-users',
] as const;

/**
 * Pages that hold a server-sent-events stream open (the explorer's new blocks): the network never goes
 * idle on them, so they are opened until `load` (streamed content included) instead of `networkidle`.
 */
export const LIVE_PAGES: ReadonlySet<string> = new Set(['/explorer', '/explorer/blocks']);

export const waitUntilFor = (path: string): 'load' | 'networkidle' => (LIVE_PAGES.has(path) ? 'load' : 'networkidle');
