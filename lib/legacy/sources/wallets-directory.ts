import { z } from 'zod';
import { stringMember } from '../natural-key';
import { defineSource } from '../source-adapter';

export const walletDirectoryEntrySchema = z.looseObject({
  identityHash: z.string(),
  walletAddress: z.string(),
  phoneHash: z.string().optional(),
  maskedPhone: z.string().optional(),
  fullPhoneNumber: z.string().optional(),
  createdAt: z.string().optional(),
  createdBlock: z.number().int().optional(),
  balances: z.record(z.string(), z.string()).optional(),
  identity: z.looseObject({ tier: z.number().int().optional() }).optional(),
  lastUpdated: z.string().optional(),
});

/**
 * `explorer-data/wallets-directory.json`: `{ "wallets": [ ... ] }` in creation order, every wallet
 * seen on chain, including chain-only wallets missing from `wallet-db.json`. Holds full phone
 * numbers (PII). Key: the identity hash.
 */
export const walletsDirectorySource = defineSource({
  id: 'wallets-directory',
  relativePath: 'explorer-data/wallets-directory.json',
  layout: { container: 'array', wrapKey: 'wallets', preferred: 'wrapped' },
  recordSchema: walletDirectoryEntrySchema,
  naturalKey: stringMember('identityHash'),
});
