/**
 * Playwright test locks (decision 082). The suite runs two specs at once against the one e2e app; a spec
 * declares a lock with `test.describe.configure({ lock })` when running beside some other spec could change
 * what it asserts. Specs sharing a lock never run at the same time; every other spec still runs beside them.
 */

/** Playwright's built-in lock: the spec runs with no other spec beside it (it changes what every spec sees). */
export const EXCLUSIVE = '-exclusive-';

/** Named locks: each guards one shared thing that only the specs naming it change or count whole. */
export const LOCK = {
  /** The chain's head block: stored, mined and deleted by some specs, compared with the screen by others. */
  chainHead: 'chain-head',
  /** The KYC review queue (its order and `kyc_bulk_threshold`) and uploads/kyc/metadata.json. */
  kycQueue: 'kyc-queue',
  /** admin-opportunities.json and the assets table: writes through the app, and rows only PostgreSQL holds. */
  assets: 'assets',
  /** explorer-data/identity-map.json: tiers and account status, and the directory counts that follow them. */
  identityMap: 'identity-map',
  /** "The newest export job of the run's auditor or super admin", which specs acting as those admins look up. */
  runAdminExports: 'run-admin-exports',
} as const;
