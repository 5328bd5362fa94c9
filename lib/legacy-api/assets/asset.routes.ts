import { defineLegacyRoute, multipartBody } from '../route-spec';
import {
  assetAnalyticsBody,
  assetBody,
  assetDeleteBody,
  assetListBody,
  assetParamsSchema,
  assetWriteBody,
  createAssetSchema,
  documentUploadBody,
  imageUploadBody,
  listAssetsQuerySchema,
  opportunityListBody,
  updateAssetSchema,
  updateAssetStatusSchema,
  uploadFieldsSchema,
} from './asset.schemas';

const TAG = 'Admin assets';
const IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;
const DOCUMENT_LIMIT_BYTES = 10 * 1024 * 1024;
const LIST_CACHE_SECONDS = 5;

const exampleAsset = {
  type: 'investment',
  title: 'Aswan Solar Farm Phase II',
  description: 'A 5 MW solar farm near Aswan selling power to the national grid under a 20-year agreement.',
  category: 'Renewable Energy',
  tokenSymbol: 'ASWN',
  tokenPrice: 10,
  maxSupply: 100000,
  expectedROI: 12.5,
  lockupPeriod: 365,
  minimumInvestment: 250,
  deadline: '2026-12-31',
  contactFormat: 'email',
  contactValue: 'aswn.ir@example.com',
  location: 'Aswan, Egypt',
  jurisdiction: 'Egypt',
  spvName: 'Pend SPV Egypt',
  custodyType: 'Pend-owned',
  minTierRequired: 2,
  assetManagerProfile: { name: 'Nour Hassan', title: 'Portfolio Manager', bio: 'Ten years in renewable project finance.', verified: true, partner: false },
};

const createSpec = (path: string) =>
  defineLegacyRoute({
    method: 'POST',
    path,
    summary: 'Create an asset from the wizard fields',
    tag: TAG,
    access: 'admin',
    kind: 'write',
    body: { type: 'json', schema: createAssetSchema },
    response: assetWriteBody,
    successStatus: 201,
    examples: [{ path, body: exampleAsset }],
  });

const imageUpload = multipartBody(uploadFieldsSchema, { fileFields: ['image', 'file', 'thumbnail'], kinds: ['jpeg', 'png'], maxFileBytes: IMAGE_LIMIT_BYTES });
const documentUpload = multipartBody(uploadFieldsSchema, { fileFields: ['document', 'file'], kinds: ['pdf'], maxFileBytes: DOCUMENT_LIMIT_BYTES });

const documentSpec = (path: string) =>
  defineLegacyRoute({ method: 'POST', path, summary: 'Upload a legal or business document (PDF)', tag: TAG, access: 'admin', kind: 'write', body: documentUpload, response: documentUploadBody, successStatus: 201 });

const lifecycle = (action: 'approve' | 'publish', summary: string) =>
  defineLegacyRoute({ method: 'PUT', path: `/api/admin/assets/:id/${action}`, summary, tag: TAG, access: 'admin', kind: 'write', params: assetParamsSchema, response: assetWriteBody });

export const assetRoutes = {
  opportunities: defineLegacyRoute({
    method: 'GET',
    path: '/api/admin/opportunities',
    summary: 'Every opportunity (admin list)',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    response: opportunityListBody,
    cacheSeconds: LIST_CACHE_SECONDS,
    examples: [{ path: '/api/admin/opportunities' }],
  }),
  exploreOpportunities: defineLegacyRoute({
    method: 'GET',
    path: '/api/admin/explore/opportunities',
    summary: 'Live opportunities for the wallet UI',
    tag: TAG,
    access: 'public',
    kind: 'read',
    response: opportunityListBody,
    cacheSeconds: LIST_CACHE_SECONDS,
    examples: [{ path: '/api/admin/explore/opportunities' }],
  }),
  publicOpportunities: defineLegacyRoute({
    method: 'GET',
    path: '/api/opportunities',
    summary: 'Live opportunities (public)',
    tag: TAG,
    access: 'public',
    kind: 'read',
    response: opportunityListBody,
    cacheSeconds: LIST_CACHE_SECONDS,
    examples: [{ path: '/api/opportunities' }],
  }),
  list: defineLegacyRoute({
    method: 'GET',
    path: '/api/admin/assets',
    summary: 'Assets, filtered, sorted and paged',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    query: listAssetsQuerySchema,
    response: assetListBody,
    cacheSeconds: LIST_CACHE_SECONDS,
    examples: [{ path: '/api/admin/assets' }, { path: '/api/admin/assets?status=active&sort=totalInvested&limit=10' }],
  }),
  create: createSpec('/api/admin/assets'),
  createAlias: createSpec('/api/admin/assets/create'),
  analytics: defineLegacyRoute({
    method: 'GET',
    path: '/api/admin/assets/analytics',
    summary: 'Asset performance analytics',
    tag: TAG,
    access: 'admin',
    kind: 'read',
    response: assetAnalyticsBody,
    cacheSeconds: LIST_CACHE_SECONDS,
    examples: [{ path: '/api/admin/assets/analytics' }],
  }),
  get: defineLegacyRoute({ method: 'GET', path: '/api/admin/assets/:id', summary: 'One asset', tag: TAG, access: 'admin', kind: 'read', params: assetParamsSchema, response: assetBody }),
  update: defineLegacyRoute({
    method: 'PUT',
    path: '/api/admin/assets/:id',
    summary: 'Change some fields of an asset',
    tag: TAG,
    access: 'admin',
    kind: 'write',
    params: assetParamsSchema,
    body: { type: 'json', schema: updateAssetSchema },
    response: assetWriteBody,
  }),
  remove: defineLegacyRoute({ method: 'DELETE', path: '/api/admin/assets/:id', summary: 'Delete an asset', tag: TAG, access: 'admin', kind: 'write', params: assetParamsSchema, response: assetDeleteBody }),
  status: defineLegacyRoute({
    method: 'PUT',
    path: '/api/admin/assets/:id/status',
    summary: 'Set the status (frontend or stored vocabulary)',
    tag: TAG,
    access: 'admin',
    kind: 'write',
    params: assetParamsSchema,
    body: { type: 'json', schema: updateAssetStatusSchema },
    response: assetWriteBody,
  }),
  approve: lifecycle('approve', 'Mark an asset approved (reviewed, not yet live)'),
  publish: lifecycle('publish', 'Publish an asset (live)'),
  uploadImage: defineLegacyRoute({
    method: 'POST',
    path: '/api/admin/assets/upload-image',
    summary: 'Upload an asset image (JPG or PNG, at most 5 MB)',
    tag: TAG,
    access: 'admin',
    kind: 'write',
    body: imageUpload,
    response: imageUploadBody,
    successStatus: 201,
  }),
  uploadDocument: documentSpec('/api/admin/assets/upload-document'),
  upload: documentSpec('/api/admin/assets/upload'),
};
