// GET /api/kyc/documents/:phoneNumber – a user's document metadata and review status
import { kycRoutes } from '@/lib/legacy-api/kyc/kyc.routes';
import { getKycDocuments } from '@/lib/legacy-api/kyc/kyc.service';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const GET = legacyRoute(kycRoutes.documents, ({ data, params }) => getKycDocuments(data, params.phoneNumber));
export const OPTIONS = legacyPreflight(kycRoutes.documents);
