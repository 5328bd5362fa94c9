import type { z } from 'zod';
import { KYC_STATUSES } from '@/lib/legacy/vocabulary';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';

/**
 * The registered users' grid query. `q` finds a user by part of a wallet address (any case), the
 * start of an identity hash, or the last four digits of a phone (through the directory's stored
 * last digits; no full number is searched or stored in the clear).
 */
export const listUserQuerySchema = defineListQuery({
  sortable: { registered: 'number', wallet: 'text' },
  defaultSort: [{ column: 'registered', direction: 'desc' }],
  filters: {
    tier: filters.enum(['0', '1', '2', '3', '4', '5']),
    kyc: filters.enum([...KYC_STATUSES, 'not_submitted']),
  },
  columns: ['identity', 'wallet', 'phone', 'tier', 'kyc'],
  idType: 'uuid',
});
export type ListUserQueryInput = z.infer<typeof listUserQuerySchema>;
