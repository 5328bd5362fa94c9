import { z } from 'zod';
import { defineSource } from '../source-adapter';

/**
 * `wallet-db.json`: `{ "<identityHash>": "<walletAddress>" }`, one member per user in registration
 * order. Key: the identity hash (`0x` + 64 hex, keccak-256 of the phone). Addresses are EIP-55,
 * except legacy entries stored in lowercase, so addresses compare case-insensitively.
 */
export const walletDbSource = defineSource({
  id: 'wallet-db',
  relativePath: 'wallet-db.json',
  layout: { container: 'map' },
  recordSchema: z.string(),
});
