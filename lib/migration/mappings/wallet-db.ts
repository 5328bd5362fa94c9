import { text } from '../codecs';
import type { SourceMapping } from '../source-mapping';

/** wallet-db.json → users: the user registry, identity hash (the key) → wallet address. */
export const walletDbMapping: SourceMapping = {
  source: 'wallet-db',
  table: 'users',
  identitySeenIn: 'in_registry',
  root: { column: 'wallet_address', codec: text },
  fields: [],
};
