import type { SourceId } from '@/lib/legacy/sources';
import type { SourceMapping } from '../source-mapping';
import { fullChainHistoryMapping } from './full-chain-history';
import { walletDbMapping } from './wallet-db';

/** The table mapping of every legacy source the engine imports. */
export const SOURCE_MAPPINGS: Partial<Record<SourceId, SourceMapping>> = {
  'wallet-db': walletDbMapping,
  'full-chain-history': fullChainHistoryMapping,
};
