import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import type { z } from 'zod';
import { sql } from '@/lib/list-query/sql';
import {
  applyBulkTierSchema,
  BULK_TIER_LIMIT,
  bulkTierScopeSchema,
  previewBulkTierSchema,
  type ApplyBulkTierInput,
  type PreviewBulkTierInput,
} from './tier-change.schemas';
import { USER_DIRECTORY_FROM, userFilterConditions } from './user.repository';
import { listUserQuerySchema } from './user.schemas';
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

/** The identity hashes a scope covers: the ticked identity ids, or every identity the directory lists for the filter. */
async function identitiesInScope(em: EntityManager, scope: z.output<typeof bulkTierScopeSchema>): Promise<string[]> {
  const where =
    'ids' in scope
      ? sql`identity_hash IN (SELECT identity_hash FROM identities WHERE id IN (${[...new Set(scope.ids)]}))`
      : sql.and(userFilterConditions(listUserQuerySchema.parse(Object.fromEntries(new URLSearchParams(scope.filter)))));
  const query = sql`SELECT ud.identity_hash AS hash FROM ${USER_DIRECTORY_FROM} WHERE ${where} ORDER BY 1 LIMIT ${BULK_TIER_LIMIT + 1}`;
  const rows = await em.execute<Array<{ hash: string }>>(query.text, [...query.values]);
  if (rows.length > BULK_TIER_LIMIT) {
    throw new AppError('LIMIT_EXCEEDED', `More than ${BULK_TIER_LIMIT.toLocaleString('en')} users match. Narrow the filter and try again.`);
  }
  return rows.map((row) => row.hash);
}

/** What a bulk tier change would do to the ticked identities or a whole filter, writing nothing. */
export async function previewBulkTierChange(em: EntityManager, input: PreviewBulkTierInput): Promise<BulkTierPreview> {
  const { scope, tier } = previewBulkTierSchema.parse(input);
  const requested = await identitiesInScope(em, scope);
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
