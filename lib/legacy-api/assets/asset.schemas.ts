import { z } from 'zod';
import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import { ASSET_TYPES, CONTACT_FORMATS } from '@/lib/migration/mappings/admin-opportunities';
import { paginationSchema, queryInt, successTrue, walletAddressSchema } from '../common.schemas';
import { readBody } from '../route-spec';

const statusSpelling = z
  .string()
  .trim()
  .refine(
    (status) => assetStatusVocabulary.fromLegacy(status) !== null,
    'Invalid status: use active, paused, closed, draft, published, approved, inactive or completed',
  );

const dateText = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) && Number.isFinite(Date.parse(value)), 'Invalid deadline: use YYYY-MM-DD or an ISO timestamp');

const legalDocumentSchema = z.object({ name: z.string(), type: z.string(), size: z.number().int().nonnegative(), url: z.string() });
const assetManagerProfileSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  bio: z.string().optional(),
  verified: z.boolean().optional(),
  partner: z.boolean().optional(),
});

/**
 * The asset wizard's fields (BasicInformation → InvestmentDetails → LegalCompliance → AssetManager),
 * named as admin-opportunities.json stores them. Limits are the admin form's (AP-REQ).
 */
export const createAssetSchema = z.object({
  type: z.enum(ASSET_TYPES),
  title: z.string().trim().min(3).max(100),
  description: z.string().max(2000).optional(),
  category: z.string().min(1).max(100).optional(),
  status: statusSpelling.optional(),
  contractAddress: walletAddressSchema.nullable().optional(),
  tokenSymbol: z.string().trim().min(2).max(10).optional(),
  tokenPrice: z.number().positive().optional(),
  maxSupply: z.number().int().positive().optional(),
  expectedROI: z.number().min(0).max(1000).optional(),
  lockupPeriod: z.number().int().nonnegative().optional(),
  minimumInvestment: z.number().positive().optional(),
  softCap: z.number().positive().optional(),
  deadline: dateText.optional(),
  contactFormat: z.enum(CONTACT_FORMATS).optional(),
  contactValue: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
  image: z.string().max(500).optional(),
  jurisdiction: z.string().max(100).optional(),
  spvName: z.string().max(200).optional(),
  custodyType: z.string().max(100).optional(),
  minTierRequired: z.number().int().min(0).max(5).optional(),
  legalDocuments: z.array(legalDocumentSchema).max(20).optional(),
  assetManagerProfile: assetManagerProfileSchema.optional(),
  sector: z.string().max(100).optional(),
  roiModel: z.string().max(100).optional(),
  highlights: z.array(z.string().max(300)).max(20).optional(),
  impact: z.string().max(2000).optional(),
  thumbnailId: z.string().max(200).optional(),
  legalDocURL: z.string().max(500).optional(),
  businessDocURL: z.string().max(500).optional(),
});
export type CreateAssetInput = z.infer<typeof createAssetSchema>;

export const updateAssetSchema = createAssetSchema.partial().refine((input) => Object.keys(input).length > 0, 'Nothing to update');
export type UpdateAssetInput = z.infer<typeof updateAssetSchema>;

export const updateAssetStatusSchema = z.object({ status: statusSpelling });

export const assetParamsSchema = z.object({ id: z.string().min(1).max(200) });

const ASSET_SORTS = ['createdAt', 'title', 'type', 'status', 'totalInvested', 'investorCount'] as const;

/** `GET /api/admin/assets` filters (the legacy `validateSearchParams()` names are undocumented; AP-REQ's grid). */
export const listAssetsQuerySchema = z.object({
  page: queryInt(1, 100_000, 1),
  limit: queryInt(1, 200, 50),
  status: z.string().optional(),
  type: z.string().optional(),
  category: z.string().optional(),
  search: z.string().max(200).optional(),
  sort: z.enum(ASSET_SORTS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type ListAssetsQuery = z.infer<typeof listAssetsQuerySchema>;

/** One asset: the legacy record exactly as stored, plus the names the wallet UI's `InvestmentOpportunity` reads. */
const assetSchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  title: z.string(),
  type: z.string(),
  status: z.string().nullable(),
  minInvestment: z.string(),
  roiRange: z.string(),
  redemptionPeriod: z.string(),
  assetManager: z.string(),
  investorsCount: z.number(),
  currentInvestment: z.number(),
  totalInvestmentTarget: z.number().nullable(),
  progressPercent: z.number(),
  lifecycleStatus: z.string(),
});

export const assetListBody = readBody({ success: successTrue, assets: z.array(assetSchema), pagination: paginationSchema });
export const assetBody = readBody({ success: successTrue, asset: assetSchema });
export const opportunityListBody = readBody({ success: successTrue, opportunities: z.array(assetSchema), total: z.number().int() });
export const assetWriteBody = z.object({ success: successTrue, message: z.string(), asset: assetSchema });
export const assetDeleteBody = z.object({ success: successTrue, message: z.string(), id: z.string() });

const distribution = z.record(z.string(), z.number().int());
export const assetAnalyticsBody = readBody({
  success: successTrue,
  analytics: z.object({
    totalAssets: z.number().int(),
    byStatus: distribution,
    byType: distribution,
    byCategory: distribution,
    totalInvested: z.string(),
    totalInvestors: z.number().int(),
    totalInterested: z.number().int(),
    averageROI: z.number().nullable(),
    topPerformers: z.array(z.object({ id: z.union([z.string(), z.number()]), title: z.string(), totalInvested: z.number(), investorCount: z.number() })),
  }),
});

export const uploadFieldsSchema = z.object({ assetId: z.string().max(200).optional(), documentType: z.string().max(50).optional() });

export const imageUploadBody = z.object({
  success: successTrue,
  thumbnailId: z.string(),
  imageUrl: z.string(),
  originalName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
});

export const documentUploadBody = z.object({
  success: successTrue,
  documentId: z.string(),
  url: z.string(),
  legalDocument: legalDocumentSchema,
});
