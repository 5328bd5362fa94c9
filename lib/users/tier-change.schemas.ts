import { z } from 'zod';

export const TIERS = [0, 1, 2, 3, 4, 5] as const;
export const TIER_REASON_MIN = 5;
export const TIER_REASON_MAX = 500;
/** Most identities one bulk change touches; a larger "whole filter" is refused with a hint to narrow it. */
export const BULK_TIER_LIMIT = 5_000;

/** A legacy identity hash: `0x` + 64 hex digits (keccak-256 of the phone), compared in lower case. */
export const IDENTITY_HASH = /^0x[0-9a-f]{64}$/;
export const identityHashSchema = z.string().trim().toLowerCase().regex(IDENTITY_HASH, 'An identity hash is 0x followed by 64 hex digits.');

/** A whole tier 0–5 (form fields arrive as text). */
export const tierSchema = z.coerce
  .number({ message: 'Choose a tier from 0 to 5.' })
  .int('Choose a tier from 0 to 5.')
  .min(0, 'Choose a tier from 0 to 5.')
  .max(5, 'Choose a tier from 0 to 5.');

/** Every tier change says why, so the audit trail answers "why does this user have tier 3?". */
export const tierReasonSchema = z
  .string()
  .trim()
  .min(TIER_REASON_MIN, `Say why, in at least ${TIER_REASON_MIN} characters.`)
  .max(TIER_REASON_MAX, `Keep the reason under ${TIER_REASON_MAX} characters.`);

/** One user's tier change (the user page's dialog). */
export const changeTierSchema = z.object({ identityHash: identityHashSchema, tier: tierSchema, reason: tierReasonSchema });
export type ChangeTierInput = z.input<typeof changeTierSchema>;

/** The user page's tier change: the browser names the person by the page's identity id, never by the hash (personal data). */
export const changeTierOnPageSchema = z.object({ identityId: z.uuid({ message: 'Not a user id.' }), tier: tierSchema, reason: tierReasonSchema });
export type ChangeTierOnPageInput = z.input<typeof changeTierOnPageSchema>;

/**
 * What a bulk tier change covers, as the users directory's selection gives it: the ticked rows'
 * identity ids (`/users/<id>`, never hashes in the browser), or the directory's URL parameters (its
 * search and filters, parsed by the directory's own list-query schema).
 */
export const bulkTierScopeSchema = z.union([
  z.object({ ids: z.array(z.uuid('Pick users from the directory.')).min(1).max(BULK_TIER_LIMIT) }),
  z.object({ filter: z.string().max(4000) }),
]);
export type BulkTierScope = z.input<typeof bulkTierScopeSchema>;

export const previewBulkTierSchema = z.object({ scope: bulkTierScopeSchema, tier: tierSchema });
export type PreviewBulkTierInput = z.input<typeof previewBulkTierSchema>;

/** Apply takes the identities the preview resolved (what the admin saw counted), each decided again as stored now. */
export const applyBulkTierSchema = z.object({ ids: z.array(identityHashSchema).min(1).max(BULK_TIER_LIMIT), tier: tierSchema, reason: tierReasonSchema });
export type ApplyBulkTierInput = z.input<typeof applyBulkTierSchema>;
