import type { z } from 'zod';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';
import { AUDIT_SOURCES } from './audit-context';

/**
 * The audit grid's URL query (decision 038): `q` searches the actor and the record id; filters by
 * action, table and source (multi-select), when (date range) and sequence number (range). The
 * sequence number is unique, so it is the keyset tiebreak.
 */
export const listAuditQuerySchema = defineListQuery({
  sortable: { seq: 'number', changedAt: 'date', action: 'text', table: 'text' },
  defaultSort: [{ column: 'seq', direction: 'desc' }],
  filters: {
    action: filters.values(/^[A-Za-z_-]{1,20}$/),
    table: filters.values(/^[a-z_][a-z0-9_]{0,49}$/),
    source: filters.enum(AUDIT_SOURCES),
    changedAt: filters.dateRange(),
    seq: filters.numberRange(),
  },
  columns: ['seq', 'changedAt', 'actor', 'action', 'table', 'changes', 'origin'],
  idType: 'integer',
});
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;
