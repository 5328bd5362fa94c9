import { analyticsRoutes } from './analytics/analytics.routes';
import { assetRoutes } from './assets/asset.routes';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { explorerRoutes } from './explorer/explorer.routes';
import { kycRoutes } from './kyc/kyc.routes';
import { logRoutes } from './logs/log.routes';
import type { LegacyRouteSpec } from './route-spec';
import { tierRoutes } from './tiers/tier.routes';
import { userRoutes } from './users/user.routes';
import { walletRoutes } from './wallets/wallet.routes';

type AnySpec = LegacyRouteSpec<unknown, unknown, unknown, unknown>;

/** Every legacy-compatible route the app serves: the OpenAPI document and the contract tests are built from this list. */
export const LEGACY_ROUTES: readonly AnySpec[] = [
  assetRoutes,
  dashboardRoutes,
  tierRoutes,
  kycRoutes,
  walletRoutes,
  explorerRoutes,
  logRoutes,
  userRoutes,
  analyticsRoutes,
].flatMap((group) => Object.values(group) as AnySpec[]);
