import { encryptedMask, integer, text, type Codec } from '../codecs';
import type { SourceMapping } from '../source-mapping';

/** A user tier, 0–5 (the schema's CHECK): any other number stays verbatim in `extra`, never fails the COPY. */
export const tierCodec: Codec = {
  ...integer,
  encode: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5 ? [String(value)] : undefined),
};

/**
 * explorer-data/identity-map.json → identity_map, one row per identity hash (the legacy key; the
 * table's generated `identity_hash` column): wallet address, masked phone (encrypted, shown as the short
 * mask: `encryptedMask`), phone hash and tier.
 */
export const identityMapMapping: SourceMapping = {
  source: 'identity-map',
  table: 'identity_map',
  identitySeenIn: 'in_identity_map',
  fields: [
    { field: 'walletAddress', column: 'wallet_address', codec: text },
    { field: 'maskedPhone', column: 'masked_phone', codec: encryptedMask },
    { field: 'phoneHash', column: 'phone_hash', codec: text },
    { field: 'tier', column: 'tier', codec: tierCodec },
  ],
};
