import { z } from 'zod';
import { stringMember } from '../natural-key';
import { defineSource } from '../source-adapter';

/** Common fields of every row; the type-specific ones (`subType`, `metadata`, consent fields, …) are kept as is. */
export const transactionLogRowSchema = z.looseObject({
  id: z.number().int().nullable().optional(),
  timestamp: z.string(),
  type: z.string(),
  identityHash: z.string().optional(),
  walletAddress: z.string().nullable().optional(),
  phoneNumber: z.string().optional(),
  amount: z.string().optional(),
  txHash: z.string(),
  blockNumber: z.number().int().optional(),
});

/**
 * `explorer-data/transactions-log.json`: a bare array, newest first (the legacy server unshifts).
 * Key: `txHash`. The `id` cannot be the key: it is null on some rows, repeated on others, and has gaps.
 */
export const transactionsLogSource = defineSource({
  id: 'transactions-log',
  relativePath: 'explorer-data/transactions-log.json',
  layout: { container: 'array', wrapKey: 'transactions', preferred: 'flat' },
  recordSchema: transactionLogRowSchema,
  naturalKey: stringMember('txHash'),
});
