import type { EntityManager } from '@mikro-orm/postgresql';
import { hasPermission, type Role } from '@/lib/auth/permissions';
import { phoneQuery } from '@/lib/users/phone-search';
import type { SearchResults } from './search.dto';
import { findAssetHits, findKycHits, findUserHits } from './search.repository';
import type { SearchEverythingInput } from './search.schemas';

/** A wallet address or identity hash prefix: `0x` and at least four hex digits. */
const HEX_PREFIX = /^0x[0-9a-f]{4,64}$/;

/**
 * One palette query, each group only for a role that may open that area (the same permissions as the
 * screens), so the palette never shows a viewer a KYC case or a phone's mask. A phone query (four last digits,
 * `+country operator` digits or a whole number) is matched through keyed tokens only (decision 052).
 */
export async function searchEverything(em: EntityManager, role: Role, { q }: SearchEverythingInput): Promise<SearchResults> {
  const phone = phoneQuery(q) ?? undefined;
  const hex = q.toLowerCase();
  const hexPrefix = HEX_PREFIX.test(hex) ? hex : undefined;
  // One after the other: inside the action's transaction they share one connection anyway.
  const users = hasPermission(role, 'users:read') ? await findUserHits(em, { phone, hexPrefix }) : [];
  const assets = hasPermission(role, 'assets:read') && !hexPrefix && !phone ? await findAssetHits(em, q) : [];
  const kyc = hasPermission(role, 'kyc:read') ? await findKycHits(em, { phone, hexPrefix }) : [];
  return { users, assets, kyc };
}
