// POST /api/kyc/upload-document – a KYC document file plus its metadata.json entry
import { kycRoutes } from '@/lib/legacy-api/kyc/kyc.routes';
import { uploadKycDocument } from '@/lib/legacy-api/kyc/kyc-writes';
import { legacyPreflight, legacyRoute } from '@/lib/legacy-api/legacy-route';

export const dynamic = 'force-dynamic';

export const POST = legacyRoute(kycRoutes.upload, (context) => uploadKycDocument(context, context.body));
export const OPTIONS = legacyPreflight(kycRoutes.upload);
