/**
 * What the palette shows for a hit. Never a phone number in any reconstructable form: a user shows the
 * short mask only (country code and last two digits), and the identity hash is shortened.
 */
export type UserHit = {
  kind: 'user';
  /** The user page's id (`/users/<id>`): the identity hash stays out of URLs. */
  id: string;
  identityHash: string;
  walletAddress: string | null;
  phoneMasked: string | null;
  kycStatus: string;
  status: string;
};
export type AssetHit = { kind: 'asset'; id: string; title: string; status: string; category: string | null };
export type KycHit = { kind: 'kyc'; identityHash: string; status: string; lastUpdatedAt: string | null };
export type SearchHit = UserHit | AssetHit | KycHit;

export type SearchResults = { users: UserHit[]; assets: AssetHit[]; kyc: KycHit[] };

/** `0x4ac76a23…ba5c99`: enough to recognise, too little to look up by enumeration on its own. */
export function shortHash(value: string): string {
  return value.length > 16 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value;
}
