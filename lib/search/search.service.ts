import type { EntityManager } from '@mikro-orm/postgresql';
import { hasPermission, type Role } from '@/lib/auth/permissions';
import type { SearchResults } from './search.dto';
import { findAssetHits, findKycHits, findUserHits } from './search.repository';
import type { SearchEverythingInput } from './search.schemas';

/** 3 or 4 digits (spaces and dashes ignored) are the end of a phone number; fewer match too much. */
const PHONE_TAIL = /^\d{3,4}$/;
/** A wallet address or identity hash prefix: `0x` and at least four hex digits. */
const HEX_PREFIX = /^0x[0-9a-f]{4,64}$/;

/**
 * One palette query, each group only for a role that may open that area (the same permissions as the
 * screens), so the palette never shows a viewer a KYC case or a phone's last digits.
 */
export async function searchEverything(em: EntityManager, role: Role, { q }: SearchEverythingInput): Promise<SearchResults> {
  const digits = q.replace(/[\s-]/g, '');
  const phoneDigits = PHONE_TAIL.test(digits) ? digits : undefined;
  const hex = q.toLowerCase();
  const hexPrefix = HEX_PREFIX.test(hex) ? hex : undefined;
  // One after the other: inside the action's transaction they share one connection anyway.
  const users = hasPermission(role, 'users:read') ? await findUserHits(em, { phoneDigits, hexPrefix }) : [];
  const assets = hasPermission(role, 'assets:read') && !hexPrefix && !phoneDigits ? await findAssetHits(em, q) : [];
  const kyc = hasPermission(role, 'kyc:read') ? await findKycHits(em, { phoneDigits, hexPrefix }) : [];
  return { users, assets, kyc };
}
