/** Every screen of the admin area, for the accessibility sweep and the screenshot tour. */
export const ADMIN_PAGES = [
  '/dashboard',
  '/assets',
  '/pool-tiers',
  '/users',
  '/explorer',
  '/kyc',
  '/exports',
  '/exports/verify',
  '/audit',
  '/migration',
  '/settings/admin-users',
] as const;
