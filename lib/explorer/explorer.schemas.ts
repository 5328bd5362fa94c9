import { z } from 'zod';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';

export const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
export const HASH_32 = /^0x[0-9a-fA-F]{64}$/;

/** The overview's chart range, in days back from now; the URL's `range` parameter. */
export const OVERVIEW_RANGES = ['7', '30', '90', '365'] as const;
export const overviewQuerySchema = z.object({
  range: z.enum(OVERVIEW_RANGES, { message: `The range is one of ${OVERVIEW_RANGES.join(', ')} days.` }).default('30'),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

/** A block number in a path or the jump box: a whole, non-negative number that fits PostgreSQL's bigint. */
export const blockNumberSchema = z
  .string()
  .trim()
  .regex(/^\d{1,18}$/, 'A block number is a whole number.')
  .transform((text) => BigInt(text).toString());

export const transactionHashSchema = z
  .string()
  .trim()
  .regex(HASH_32, 'A transaction hash is 0x and 64 hex digits.')
  .transform((text) => text.toLowerCase());

export const addressSchema = z
  .string()
  .trim()
  .regex(ADDRESS, 'An address is 0x and 40 hex digits.')
  .transform((text) => text.toLowerCase());

/** The universal search box: a block number, a transaction or block hash, an address, or an identity-hash prefix. */
export const explorerSearchSchema = z.object({ q: z.string().trim().min(1, 'Type something to search for.').max(100) });
export type ExplorerSearchInput = z.infer<typeof explorerSearchSchema>;

/**
 * The explorer's transactions grid: chain transactions and transaction-log entries in one list, newest
 * first by their time (mined or occurred). `source` narrows to one of the two; `identity` needs the
 * identity permission (the page refuses it otherwise).
 */
export const listExplorerTransactionQuerySchema = defineListQuery({
  sortable: { time: 'date' },
  defaultSort: [{ column: 'time', direction: 'desc' }],
  filters: {
    source: filters.enum(['chain', 'log']),
    type: filters.values(/^[A-Za-z0-9_.-]{1,60}$/),
    address: filters.values(ADDRESS),
    identity: filters.values(/^0x[0-9a-f]{64}$/),
    amount: filters.numberRange(),
    time: filters.dateRange(),
  },
  columns: ['time', 'source', 'type', 'hash', 'block', 'from', 'to', 'amount', 'identity'],
  defaultColumns: ['time', 'source', 'type', 'hash', 'block', 'from', 'to', 'amount'],
  idType: 'uuid',
});
export type ListExplorerTransactionQueryInput = z.infer<typeof listExplorerTransactionQuerySchema>;
