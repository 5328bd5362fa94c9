import { z } from 'zod';
import { stringMember } from '../natural-key';
import { defineSource } from '../source-adapter';

// `value` (wei) and `gasPrice` are decimal strings and may exceed 2^64: they need numeric(78,0), never a float or bigint.
export const persistentTransactionSchema = z.looseObject({
  hash: z.string(),
  blockNumber: z.number().int(),
  blockHash: z.string().optional(),
  transactionIndex: z.number().int().optional(),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  value: z.string(),
  gasUsed: z.number().optional(),
  gasPrice: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  timestamp: z.string().optional(),
});

/**
 * `explorer-data/persistent-transactions.json`: a bare array ascending by block, written by the old
 * DataCollector. Key: the transaction hash.
 */
export const persistentTransactionsSource = defineSource({
  id: 'persistent-transactions',
  relativePath: 'explorer-data/persistent-transactions.json',
  layout: { container: 'array', wrapKey: 'transactions', preferred: 'flat' },
  recordSchema: persistentTransactionSchema,
  naturalKey: stringMember('hash'),
});
