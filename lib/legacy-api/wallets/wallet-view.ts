import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';

const str = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);

export function balancesOf(entry: JsonObject): { egp: string; hvt: string } {
  const balances = isJsonObject(entry.balances) ? entry.balances : {};
  return { egp: str(balances.egp) ?? '0', hvt: str(balances.hvt) ?? '0' };
}

/**
 * A wallet-directory entry under the names of all three documented variants of the wallet list
 * (`egpBalance`/`hvtBalance`/`transactionCount`, `balance`, `maskedPhone`). `phoneNumber` is the full
 * number when the directory has it; the API wrapper masks it for every caller without the admin key.
 */
export function walletView(entry: JsonObject, transactionCount: number): JsonObject {
  const balances = balancesOf(entry);
  const identity = isJsonObject(entry.identity) ? entry.identity : {};
  const address = str(entry.walletAddress) ?? '';
  return {
    address,
    walletAddress: address,
    identityHash: str(entry.identityHash),
    phoneNumber: str(entry.fullPhoneNumber) ?? str(entry.maskedPhone),
    maskedPhone: str(entry.maskedPhone),
    balance: balances.egp,
    egpBalance: balances.egp,
    hvtBalance: balances.hvt,
    balances,
    tier: typeof identity.tier === 'number' ? identity.tier : null,
    transactionCount,
    createdAt: str(entry.createdAt),
  };
}
