import type { z } from 'zod';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';

/** The explorer's block grid: newest first by number, over 74,000+ blocks. */
export const listChainBlockQuerySchema = defineListQuery({
  sortable: { number: 'number' },
  defaultSort: [{ column: 'number', direction: 'desc' }],
  filters: { mined: filters.dateRange() },
  columns: ['number', 'hash', 'mined', 'transactions', 'gasUsed', 'miner'],
  idType: 'uuid',
});
export type ListChainBlockQueryInput = z.infer<typeof listChainBlockQuerySchema>;

/** The explorer's chain-transaction grid: by block, filtered by address (either side) or block. */
export const listChainTransactionQuerySchema = defineListQuery({
  sortable: { block: 'number' },
  defaultSort: [{ column: 'block', direction: 'desc' }],
  filters: { address: filters.values(/^0x[0-9a-fA-F]{40}$/), block: filters.numberRange() },
  columns: ['hash', 'block', 'from', 'to', 'value', 'status', 'mined'],
  idType: 'uuid',
});
export type ListChainTransactionQueryInput = z.infer<typeof listChainTransactionQuerySchema>;
