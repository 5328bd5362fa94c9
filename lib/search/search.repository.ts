import type { EntityManager } from '@mikro-orm/postgresql';
import { maskPhone } from '@/lib/crypto';
import { phoneMatch, type PhoneQuery } from '@/lib/users/phone-search';
import type { AssetHit, KycHit, UserHit } from './search.dto';

/** Hits per group: the palette is for jumping, the grids are for browsing. */
export const SEARCH_LIMIT = 6;

/** Escapes LIKE wildcards so a typed `%` or `_` matches itself. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Users by a phone query (its keyed token: last four digits, leading digits or the whole number), a wallet
 * address prefix or an identity-hash prefix, through the same `user_profiles` view the user screens read.
 */
export async function findUserHits(em: EntityManager, { phone, hexPrefix }: { phone?: PhoneQuery; hexPrefix?: string }): Promise<UserHit[]> {
  if (!phone && !hexPrefix) return [];
  const byPhone = phone ? phoneMatch('phone', phone) : { text: 'FALSE', values: [] };
  const rows = await em.execute<
    Array<{ id: string; identity_hash: string; wallet_address: string | null; phone_masked: string | null; kyc_status: string; status: string }>
  >(
    `SELECT i.id, p.identity_hash, p.wallet_address, p.phone_masked, p.kyc_status, p.status
       FROM user_profiles p JOIN identities i ON i.identity_hash = p.identity_hash
      WHERE (${byPhone.text})
         OR (?::text IS NOT NULL AND (lower(p.wallet_address) LIKE ?::text || '%' OR p.identity_hash LIKE ?::text || '%'))
      ORDER BY p.identity_hash
      LIMIT ${SEARCH_LIMIT}`,
    [...byPhone.values, hexPrefix ?? null, hexPrefix ? likeLiteral(hexPrefix) : null, hexPrefix ? likeLiteral(hexPrefix) : null],
  );
  return rows.map((row) => ({
    kind: 'user',
    id: row.id,
    identityHash: row.identity_hash,
    walletAddress: row.wallet_address,
    phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
    kycStatus: row.kyc_status,
    status: row.status,
  }));
}

/** Assets by any part of the title, case-insensitive, Arabic included (no stemming, so nothing is mangled). */
export async function findAssetHits(em: EntityManager, text: string): Promise<AssetHit[]> {
  const rows = await em.execute<Array<{ id: string; title: string; status: string; category: string | null }>>(
    `SELECT id, title, status, category FROM assets
      WHERE title ILIKE '%' || ? || '%'
      ORDER BY position(lower(?) IN lower(title)), title
      LIMIT ${SEARCH_LIMIT}`,
    [likeLiteral(text), text],
  );
  return rows.map((row) => ({ kind: 'asset', ...row }));
}

/** KYC applications by identity-hash prefix or by a phone query on the applicant's directory wallet. */
export async function findKycHits(em: EntityManager, { phone, hexPrefix }: { phone?: PhoneQuery; hexPrefix?: string }): Promise<KycHit[]> {
  if (!phone && !hexPrefix) return [];
  const byPhone = phone ? phoneMatch('w.full_phone', phone) : { text: 'FALSE', values: [] };
  const rows = await em.execute<Array<{ identity_hash: string; status: string; last_updated_at: Date | null }>>(
    `SELECT k.identity_hash, k.status, k.last_updated_at
       FROM kyc_applications k
      WHERE (?::text IS NOT NULL AND k.identity_hash LIKE ?::text || '%')
         OR EXISTS (SELECT 1 FROM wallet_directory w WHERE w.identity_hash = k.identity_hash AND (${byPhone.text}))
      ORDER BY k.last_updated_at DESC NULLS LAST
      LIMIT ${SEARCH_LIMIT}`,
    [hexPrefix ?? null, hexPrefix ? likeLiteral(hexPrefix) : null, ...byPhone.values],
  );
  return rows.map((row) => ({
    kind: 'kyc',
    identityHash: row.identity_hash,
    status: row.status,
    lastUpdatedAt: row.last_updated_at ? new Date(row.last_updated_at).toISOString() : null,
  }));
}
