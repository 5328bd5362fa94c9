import { isJsonObject } from '@/lib/legacy/canonical-json';
import { bigint, boolean, decimalString, encryptedMask, phone, text, timestamp, type Codec } from '../codecs';
import { orderedJson } from '../shared-codecs';
import type { SourceMapping } from '../source-mapping';

/** The tokens a wallet's `balances` object holds, each a decimal string. */
export const BALANCE_TOKENS = ['egp', 'hvt'] as const;

/**
 * `balances` (`{ egp: "42819.76", hvt: "234.16" }`) as one numeric column per token
 * (`<column>_egp`, `<column>_hvt`), so screens can sort and sum balances. Only an object whose members
 * are all known tokens with exact decimal text is stored this way; anything else (another token, a
 * number, an empty object) stays verbatim in `extra`.
 */
export const balancesCodec: Codec = {
  columns: (column) => BALANCE_TOKENS.map((token) => ({ name: `${column}_${token}`, sqlType: 'numeric', select: `${column}_${token}::text` })),
  encode: (value) => {
    if (!isJsonObject(value)) return undefined;
    const keys = Object.keys(value);
    if (keys.length === 0 || keys.some((key) => !(BALANCE_TOKENS as readonly string[]).includes(key))) return undefined;
    const texts: Array<string | null> = [];
    for (const token of BALANCE_TOKENS) {
      if (!(token in value)) {
        texts.push(null);
        continue;
      }
      const encoded = decimalString.encode(value[token]);
      if (!encoded) return undefined;
      texts.push(encoded[0]);
    }
    return texts;
  },
  decode: (texts) => Object.fromEntries(BALANCE_TOKENS.flatMap((token, index) => (texts[index] === null ? [] : [[token, texts[index]!]]))),
};

/**
 * explorer-data/wallets-directory.json → wallet_directory, one row per wallet seen on chain (key: the
 * identity hash; chain-only wallets have no user in wallet-db.json). The wallet address is required:
 * an entry without one describes no wallet. `fullPhoneNumber` is encrypted (`full_phone_*` columns);
 * the legacy mask is encrypted too, with only the short mask in clear in `masked_phone` (`encryptedMask`). `identity` (`{ tier, verifiedActions }`) is a jsonb object.
 */
export const walletsDirectoryMapping: SourceMapping = {
  source: 'wallets-directory',
  table: 'wallet_directory',
  identitySeenIn: 'in_wallet_directory',
  fields: [
    { field: 'identityHash', column: 'identity_hash', codec: text },
    { field: 'walletAddress', column: 'wallet_address', codec: text, required: true },
    { field: 'phoneHash', column: 'phone_hash', codec: text },
    { field: 'maskedPhone', column: 'masked_phone', codec: encryptedMask },
    { field: 'fullPhoneNumber', column: 'full_phone', codec: phone },
    { field: 'phoneTimestamp', column: 'phone_registered_at', codec: timestamp },
    { field: 'phoneBlockNumber', column: 'phone_block_number', codec: bigint },
    { field: 'phoneTxHash', column: 'phone_tx_hash', codec: text },
    { field: 'createdAt', column: 'created_at', codec: timestamp },
    { field: 'createdBlock', column: 'created_block', codec: bigint },
    { field: 'creationTxHash', column: 'creation_tx_hash', codec: text },
    { field: 'balances', column: 'balance', codec: balancesCodec },
    { field: 'identity', column: 'identity', codec: orderedJson({ keys: [['tier', 'verifiedActions']] }, 'object') },
    { field: 'realPhoneNumber', column: 'real_phone_number', codec: boolean },
    { field: 'lastUpdated', column: 'last_updated_at', codec: timestamp },
  ],
};
