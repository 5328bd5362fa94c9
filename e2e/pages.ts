/** Every screen of the admin area, for the accessibility sweep and the screenshot tour. */
export const ADMIN_PAGES = [
  '/dashboard',
  '/assets',
  '/pool-tiers',
  '/users',
  '/explorer',
  '/kyc',
  '/kyc/metrics',
  // A pending application of the e2e data (legacy-gen small, seed 1) with four stored documents.
  '/kyc/0x41a61785d8d7ce650f8ec6e04fe3af2d8ae11cb185650c859c552c7e701f361e',
  '/exports',
  '/audit',
  '/migration',
  '/settings/admin-users',
] as const;
