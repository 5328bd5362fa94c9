import type { z } from 'zod';
import { defineListQuery } from '@/lib/list-query/list-query.schemas';

/** The wallet-directory grid: `q` is part of a wallet address (any case) or a whole identity hash. */
export const listWalletQuerySchema = defineListQuery({
  sortable: { created: 'date' },
  defaultSort: [{ column: 'created', direction: 'desc' }],
  filters: {},
  columns: ['wallet', 'identity', 'phone', 'created', 'balanceEgp', 'balanceHvt'],
  idType: 'uuid',
});
export type ListWalletQueryInput = z.infer<typeof listWalletQuerySchema>;
