import { z } from 'zod';
import { idMember } from '../natural-key';
import { defineSource } from '../source-adapter';

export const blockSchema = z.looseObject({
  number: z.number().int(),
  hash: z.string(),
  parentHash: z.string(),
  timestamp: z.string(),
  transactionCount: z.number().int(),
  gasUsed: z.number(),
  gasLimit: z.number(),
  baseFeePerGas: z.number().optional(),
  size: z.number().int().optional(),
  miner: z.string().optional(),
  extraData: z.string().optional(),
});

/**
 * `explorer-data/full-chain-history.json`: `{ "blocks": [ ... ] }` ascending by number.
 * Key: `String(number)`.
 */
export const fullChainHistorySource = defineSource({
  id: 'full-chain-history',
  relativePath: 'explorer-data/full-chain-history.json',
  layout: { container: 'array', wrapKey: 'blocks', preferred: 'wrapped' },
  recordSchema: blockSchema,
  naturalKey: idMember('number'),
});
