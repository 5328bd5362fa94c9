import type { z } from 'zod';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';

/** The transaction-log grid's URL query: by identity (a user's page), type and time, newest first. */
export const listTransactionQuerySchema = defineListQuery({
  sortable: { occurred: 'date' },
  defaultSort: [{ column: 'occurred', direction: 'desc' }],
  filters: {
    identity: filters.values(),
    type: filters.values(),
    occurred: filters.dateRange(),
  },
  columns: ['occurred', 'type', 'identity', 'wallet', 'amount', 'txHash', 'block', 'phone'],
  idType: 'uuid',
});
export type ListTransactionQueryInput = z.infer<typeof listTransactionQuerySchema>;
