import { z } from 'zod';
import { queryInt, successTrue } from '../common.schemas';
import { readBody } from '../route-spec';

/** One wallet under every field name the legacy clients read (server README, server.md, PendScan). */
export const walletSchema = z.looseObject({
  address: z.string(),
  walletAddress: z.string(),
  /** Omitted for callers without the admin key unless LEGACY_PUBLIC_IDENTITY=expose (decision 052). */
  identityHash: z.string().nullable().optional(),
  phoneNumber: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  balance: z.string(),
  egpBalance: z.string(),
  hvtBalance: z.string(),
  balances: z.object({ egp: z.string(), hvt: z.string() }),
  tier: z.number().int().nullable(),
  transactionCount: z.number().int(),
  createdAt: z.string().nullable(),
});

export const walletListQuerySchema = z.object({ limit: queryInt(1, 100_000, 100_000), offset: queryInt(0, 10_000_000, 0) });

export const walletListBody = readBody({ success: successTrue, wallets: z.array(walletSchema), total: z.number().int() });

export const walletDetailBody = readBody({
  success: successTrue,
  wallet: walletSchema.extend({ verifiedActions: z.array(z.string()), creationTxHash: z.string().nullable(), lastUpdated: z.string().nullable() }),
  transactions: z.array(z.looseObject({ type: z.string(), txHash: z.string() })),
});

/** The Cypress mock's shape: balances, creation date, value in EGP at the pool NAV. */
export const walletInfoBody = readBody({ balances: z.object({ egp: z.string(), hvt: z.string() }), created: z.string().nullable(), totalValue: z.string() });
