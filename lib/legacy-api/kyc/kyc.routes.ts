import { defineLegacyRoute, multipartBody } from '../route-spec';
import { kycDocumentsBody, kycPendingBody, kycUploadBody, kycVerifyBody, phoneParamsSchema, uploadKycFieldsSchema, verifyDocumentsSchema } from './kyc.schemas';

const TAG = 'KYC';
const DOCUMENT_LIMIT_BYTES = 10 * 1024 * 1024;

export const kycRoutes = {
  upload: defineLegacyRoute({
    method: 'POST',
    path: '/api/kyc/upload-document',
    summary: 'Upload a KYC document (JPG, PNG or PDF) for a phone number',
    tag: TAG,
    access: 'public',
    kind: 'write',
    body: multipartBody(uploadKycFieldsSchema, { fileFields: ['document', 'file'], kinds: ['jpeg', 'png', 'pdf'], maxFileBytes: DOCUMENT_LIMIT_BYTES }),
    response: kycUploadBody,
    successStatus: 201,
  }),
  documents: defineLegacyRoute({
    method: 'GET',
    path: '/api/kyc/documents/:phoneNumber',
    summary: "A user's document metadata and review status (admin: the document ids embed the identity hash)",
    tag: TAG,
    access: 'admin',
    kind: 'read',
    params: phoneParamsSchema,
    response: kycDocumentsBody,
  }),
  verify: defineLegacyRoute({
    method: 'POST',
    path: '/api/kyc/verify-documents',
    summary: "Record the reviewer's decision (admin)",
    tag: TAG,
    access: 'admin',
    kind: 'write',
    body: { type: 'json', schema: verifyDocumentsSchema },
    response: kycVerifyBody,
  }),
  pending: defineLegacyRoute({
    method: 'GET',
    path: '/api/kyc/admin/pending',
    summary: 'Applications waiting for review, with the status counts',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    response: kycPendingBody,
    cacheSeconds: 5,
    examples: [{ path: '/api/kyc/admin/pending' }],
  }),
};
