import type { z } from 'zod';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';

export const ASSET_STATUSES = ['active', 'paused', 'closed', 'draft'] as const;
export const ASSET_LIST_TYPES = ['investment', 'interest'] as const;
export const ASSET_TIERS = ['0', '1', '2', '3', '4', '5'] as const;

/** The assets grid's URL query (`/assets`), shared with its export and the legacy list route's SQL. */
export const listAssetQuerySchema = defineListQuery({
  sortable: { created: 'date', totalInvested: 'number', investors: 'number', roi: 'number', deadline: 'date', relevance: 'number' },
  defaultSort: [{ column: 'created', direction: 'desc' }],
  searchSort: [{ column: 'relevance', direction: 'desc' }],
  filters: {
    type: filters.enum(ASSET_LIST_TYPES),
    status: filters.enum(ASSET_STATUSES),
    category: filters.values(),
    created: filters.dateRange(),
    invested: filters.numberRange(),
    minTier: filters.enum(ASSET_TIERS),
    hasContract: filters.boolean(),
  },
  columns: [
    'title', 'type', 'status', 'category', 'created', 'totalInvested', 'investors', 'roi',
    'minimumInvestment', 'deadline', 'minTier', 'contractAddress', 'tokenSymbol', 'location',
  ],
  defaultColumns: ['title', 'type', 'status', 'category', 'created', 'totalInvested', 'investors', 'roi', 'minimumInvestment', 'deadline', 'minTier', 'contractAddress'],
  idType: 'uuid',
});
export type ListAssetQueryInput = z.infer<typeof listAssetQuerySchema>;
