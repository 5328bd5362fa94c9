import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import {
  applyBulkTierSchema,
  BULK_TIER_LIMIT,
  previewBulkTierSchema,
  tierFilterSchema,
  type ApplyBulkTierInput,
  type PreviewBulkTierInput,
  type TierFilter,
} from './tier-change.schemas';
import { readStoredTiers, writeIdentityTiers, type TierChangeLine, type TierChangeResult } from './tier-change.service';

export type BulkTierPreview = {
  /** The identities in scope that exist, sorted: what apply is given. */
  ids: string[];
  willChange: number;
  unchanged: number;
  notFound: number;
  /** The first lines of each kind, to show before confirming. */
  sample: TierChangeLine[];
};

const PREVIEW_SAMPLE = 10;

/**
 * The identities a filter covers: every identity the identity map or the wallet directory holds, by
 * its current tier (as the legacy server reads it: the map's, else the directory's) and `q` (an
 * identity-hash prefix or part of a wallet address).
 */
async function identitiesMatching(em: EntityManager, filter: TierFilter): Promise<string[]> {
  const escaped = filter.q ? filter.q.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`) : null;
  const rows = await em.execute<Array<{ hash: string }>>(
    `SELECT hash FROM (
       SELECT coalesce(m.legacy_key, d.legacy_key) AS hash,
              coalesce(m.tier, CASE WHEN d.identity ->> 'tier' ~ '^[0-5]$' THEN (d.identity ->> 'tier')::int END) AS tier,
              lower(coalesce(m.wallet_address, d.wallet_address, '')) AS wallet
         FROM identity_map m FULL JOIN wallet_directory d ON d.legacy_key = m.legacy_key
     ) t
     WHERE (jsonb_array_length(?::jsonb) = 0 OR tier IN (SELECT jsonb_array_elements_text(?::jsonb)::int))
       AND (?::text IS NULL OR hash LIKE ? OR wallet LIKE ?)
     ORDER BY hash LIMIT ${BULK_TIER_LIMIT + 1}`,
    [JSON.stringify(filter.tier), JSON.stringify(filter.tier), escaped, `${escaped}%`, `%${escaped}%`],
  );
  if (rows.length > BULK_TIER_LIMIT) {
    throw new AppError('LIMIT_EXCEEDED', `More than ${BULK_TIER_LIMIT.toLocaleString('en')} users match. Narrow the filter and try again.`);
  }
  return rows.map((row) => row.hash);
}

/** What a bulk tier change would do to the ticked identities or a whole filter, writing nothing. */
export async function previewBulkTierChange(em: EntityManager, input: PreviewBulkTierInput): Promise<BulkTierPreview> {
  const { scope, tier } = previewBulkTierSchema.parse(input);
  const requested =
    'ids' in scope ? [...new Set(scope.ids)] : await identitiesMatching(em, tierFilterSchema.parse(Object.fromEntries(new URLSearchParams(scope.filter))));
  const stored = await readStoredTiers(em, requested);
  const lines = requested.map((identityHash): TierChangeLine => {
    const entry = stored.get(identityHash);
    if (!entry) return { identityHash, outcome: 'not found', from: null, to: tier, reason: null };
    return { identityHash, outcome: entry.tier === tier ? 'unchanged' : 'changed', from: entry.tier, to: tier, reason: null };
  });
  const count = (outcome: TierChangeLine['outcome']) => lines.filter((line) => line.outcome === outcome).length;
  return {
    ids: requested.filter((identityHash) => stored.has(identityHash)).sort(),
    willChange: count('changed'),
    unchanged: count('unchanged'),
    notFound: count('not found'),
    sample: (['changed', 'unchanged', 'not found'] as const).flatMap((outcome) => lines.filter((line) => line.outcome === outcome).slice(0, PREVIEW_SAMPLE)),
  };
}

/** Applies the previewed identities' new tier in one transaction (all or nothing), with one TIER_BULK_CHANGE event naming every row. */
export async function applyBulkTierChange(em: EntityManager, input: ApplyBulkTierInput, context: AuditContext): Promise<TierChangeResult> {
  const { ids, tier, reason } = applyBulkTierSchema.parse(input);
  return writeIdentityTiers(em, { changes: ids.map((identityHash) => ({ identityHash, tier })), reason, action: 'TIER_BULK_CHANGE' }, context);
}
