import { z } from 'zod';
import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import { ASSET_TYPES, CONTACT_FORMATS } from '@/lib/migration/mappings/admin-opportunities';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';

export const ASSET_STATUSES = ['active', 'paused', 'closed', 'draft'] as const;
export const ASSET_LIST_TYPES = ['investment', 'interest'] as const;
export const ASSET_TIERS = ['0', '1', '2', '3', '4', '5'] as const;
/** The "closes within" windows the grid offers (days from now until the deadline). */
export const ASSET_CLOSING_WINDOWS = ['7', '14', '30', '90'] as const;

/** The columns the assets grid shows until someone picks others; the column chooser adds the rest. */
const ASSET_GRID_DEFAULT_COLUMNS = [
  'title',
  'type',
  'status',
  'category',
  'created',
  'totalInvested',
  'investors',
  'roi',
  'minimumInvestment',
  'deadline',
  'minTier',
  'contractAddress',
] as const;

/** The assets grid's URL query (`/assets`), shared with its export and the legacy list route's SQL. */
export const listAssetQuerySchema = defineListQuery({
  sortable: { created: 'date', totalInvested: 'number', investors: 'number', roi: 'number', deadline: 'date', relevance: 'number' },
  defaultSort: [{ column: 'created', direction: 'desc' }],
  searchSort: [{ column: 'relevance', direction: 'desc' }],
  filters: {
    type: filters.enum(ASSET_LIST_TYPES),
    status: filters.enum(ASSET_STATUSES),
    category: filters.values(/^[^,]{1,100}$/u),
    created: filters.dateRange(),
    invested: filters.numberRange(),
    minTier: filters.enum(ASSET_TIERS),
    hasContract: filters.boolean(),
    deadline: filters.dateRange(),
    // Relative to the moment the query runs, so a saved view ("closing within 14 days") never goes stale.
    closesWithin: filters.enum(ASSET_CLOSING_WINDOWS),
    // Missing a field publishing needs (ASSET_REQUIRED_FOR_PUBLISHING in the repository).
    incomplete: filters.boolean(),
  },
  columns: [...ASSET_GRID_DEFAULT_COLUMNS, 'tokenSymbol', 'location'],
  defaultColumns: ASSET_GRID_DEFAULT_COLUMNS,
  idType: 'uuid',
});
export type ListAssetQueryInput = z.infer<typeof listAssetQuerySchema>;

/** An opportunity's legacy id as admin-opportunities.json keys it (`opp_<ms>` or a number, as text). */
const assetKeySchema = z.string().trim().min(1).max(200);

/** Any spelling the asset status vocabulary knows; stored as the legacy server spells the canonical value. */
const assetStatusSpelling = z
  .string()
  .trim()
  .refine((status) => assetStatusVocabulary.fromLegacy(status) !== null, 'Invalid status: use active, paused, closed or draft');

const dateText = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) && Number.isFinite(Date.parse(value)), 'Invalid deadline: use YYYY-MM-DD or an ISO timestamp');

const legalDocumentSchema = z.object({ name: z.string().max(200), type: z.string().max(50), size: z.number().int().nonnegative(), url: z.string().max(500) });
const assetManagerProfileSchema = z.object({
  name: z.string().max(200),
  title: z.string().max(200).optional(),
  bio: z.string().max(2000).optional(),
  verified: z.boolean().optional(),
  partner: z.boolean().optional(),
});

/**
 * The opportunity fields an admin may edit, named as admin-opportunities.json stores them, with the
 * admin form's limits (legacy contract §1.2, §2.2). `id`, `createdAt` and the investment counters
 * (`totalInvested`, `investorCount`, `interestedCount`) are the legacy server's and never edited here.
 */
export const assetFieldsSchema = z.object({
  type: z.enum(ASSET_TYPES),
  title: z.string().trim().min(3).max(100),
  description: z.string().max(2000),
  category: z.string().trim().min(1).max(100),
  status: assetStatusSpelling,
  contractAddress: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, 'Invalid contract address')
    .nullable(),
  tokenSymbol: z.string().trim().min(2).max(10),
  tokenPrice: z.number().positive(),
  maxSupply: z.number().int().positive(),
  expectedROI: z.number().min(0).max(1000),
  lockupPeriod: z.number().int().nonnegative(),
  minimumInvestment: z.number().positive(),
  softCap: z.number().positive(),
  deadline: dateText,
  contactFormat: z.enum(CONTACT_FORMATS),
  contactValue: z.string().max(200),
  location: z.string().max(200),
  image: z.string().max(500),
  // The uploaded image's id (issue #48's `thumbnailId`); its thumbnail is stored beside it. Records
  // older than the uploader have none, and publishing does not need one (the `image` URL is the image).
  thumbnailId: z.string().max(200).optional(),
  jurisdiction: z.string().max(100),
  spvName: z.string().max(200),
  custodyType: z.string().max(100),
  minTierRequired: z.number().int().min(0).max(5),
  legalDocuments: z.array(legalDocumentSchema).max(20),
  assetManagerProfile: assetManagerProfileSchema,
  sector: z.string().max(100),
  roiModel: z.string().max(100),
  highlights: z.array(z.string().max(300)).max(20),
  impact: z.string().max(2000),
});
export type AssetFields = z.infer<typeof assetFieldsSchema>;
export const EDITABLE_ASSET_FIELDS = assetFieldsSchema.keyof().options;

/** A JSON value as the editor loaded it (legacy data need not meet today's form rules). */
const loadedValueSchema: z.ZodType<unknown> = z.json();

/**
 * One asset edit. `changes` holds the new values (validated); `original` the values the editor loaded
 * for at least every changed field (the whole loaded record is best): the save is refused with a
 * CONFLICT naming every field whose stored value no longer matches `original` (decision 044).
 */
export const updateAssetSchema = z
  .object({
    id: assetKeySchema,
    changes: assetFieldsSchema.partial().refine((changes) => Object.keys(changes).length > 0, 'Nothing to update'),
    original: z.record(z.string(), loadedValueSchema),
  })
  .refine((input) => Object.keys(input.changes).every((field) => Object.hasOwn(input.original, field)), {
    message: 'original must hold the loaded value of every changed field (null where the field was absent)',
    path: ['original'],
  });
export type UpdateAssetInput = z.infer<typeof updateAssetSchema>;
