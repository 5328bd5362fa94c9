/** Every screen of the admin area, for the accessibility sweep and the screenshot tour. */
export const ADMIN_PAGES = [
  '/dashboard',
  '/assets',
  '/assets/new',
  '/pool-tiers',
  '/users',
  '/explorer',
  '/kyc',
  '/exports',
  '/audit',
  '/migration',
  '/settings/admin-users',
] as const;
