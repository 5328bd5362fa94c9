// POST /api/kyc/verify-documents – the reviewer's decision on an application (admin)
import { kycRoutes } from '@/lib/legacy-api/kyc/kyc.routes';
import { verifyKycDocuments } from '@/lib/legacy-api/kyc/kyc-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const POST = legacyRoute(kycRoutes.verify, (context) => verifyKycDocuments(context, context.body));
export const OPTIONS = legacyPreflight(kycRoutes.verify);
