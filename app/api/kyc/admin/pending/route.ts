// GET /api/kyc/admin/pending – applications waiting for review, with the status counts
import { kycRoutes } from '@/lib/legacy-api/kyc/kyc.routes';
import { listPendingKyc } from '@/lib/legacy-api/kyc/kyc.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(kycRoutes.pending, ({ data }) => listPendingKyc(data));
export const OPTIONS = legacyPreflight(kycRoutes.pending);
