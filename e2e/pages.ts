/** Every screen of the admin area, for the accessibility sweep and the screenshot tour. */
export const ADMIN_PAGES = [
  '/dashboard',
  '/assets',
  '/pool-tiers',
  '/users',
  '/explorer',
  '/explorer/blocks',
  '/explorer/blocks/1',
  '/explorer/transactions',
  '/explorer/wallets',
  '/explorer/search?q=no-such-thing',
  '/kyc',
  '/exports',
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
