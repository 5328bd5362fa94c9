import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@/lib/errors';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { adminOpportunitiesMapping as mapping } from '@/lib/migration/mappings/admin-opportunities';
import { decodeRow, selectList, type StoredRow } from '@/lib/migration/source-mapping';
import { writeLegacyRows, type RowWriteResult } from '@/lib/storage/write-rows';
import { moveTo, setField, type AssetEdit } from './asset-edits';
import { readStatus } from './asset-lifecycle';
import { assetListQueries } from './asset.repository';
import { listAssetQuerySchema } from './asset.schemas';
import type { WriteOptions } from './asset.service';
import {
  applyBulkAssetChangeSchema,
  BULK_ASSET_LIMIT,
  previewBulkAssetChangeSchema,
  type ApplyBulkAssetChangeInput,
  type BulkAssetOperation,
  type BulkAssetScope,
  type PreviewBulkAssetChangeInput,
} from './bulk-asset-change.schemas';

/** One asset's line in a preview or a report: what happened (or would), why, and the value before and after. */
export type BulkAssetLine = { id: string; title: string; outcome: 'applied' | 'skipped' | 'failed'; reason: string; from: string; to: string };
export type ReasonCount = { reason: string; count: number };

export type BulkAssetPreview = {
  /** The legacy ids in scope, in file order: what apply is given. */
  ids: string[];
  willChange: number;
  skipped: ReasonCount[];
  failed: ReasonCount[];
  /** The first lines of each kind, to show before confirming. */
  sample: BulkAssetLine[];
};

export type BulkAssetReport = {
  correlationId: string;
  mode: RowWriteResult['mode'];
  totals: { applied: number; skipped: number; failed: number };
  lines: BulkAssetLine[];
};

const PREVIEW_SAMPLE = 10;

/** Publishing checks every field of the draft (the asset page does it), so a bulk "make active" leaves drafts alone. */
export const DRAFTS_ARE_PUBLISHED_ONE_BY_ONE = 'drafts are published from the asset page, where every field is checked';

/** What the change does to one asset, as stored now. */
export function bulkEdit(change: BulkAssetOperation, at: string): AssetEdit {
  switch (change.operation) {
    case 'status': {
      const move = moveTo(change.status, at);
      if (change.status !== 'active') return move;
      return (current) => (readStatus(current).state === 'draft' ? { kind: 'skip', reason: DRAFTS_ARE_PUBLISHED_ONE_BY_ONE, from: 'draft' } : move(current));
    }
    case 'archive':
      return moveTo('archived', at);
    case 'category':
      return setField('category', change.category, 'category');
    case 'minTier':
      return setField('minTierRequired', change.minTier, 'minimum tier');
  }
}

/** The change in words, for the audit event and the report's file name. */
export function describeChange(change: BulkAssetOperation): { operation: string; value: string | number; reason: string | null } {
  switch (change.operation) {
    case 'status':
      return { operation: 'status', value: change.status, reason: change.status === 'closed' ? (change.reason?.trim() ?? null) : null };
    case 'archive':
      return { operation: 'archive', value: 'archived', reason: change.reason };
    case 'category':
      return { operation: 'category', value: change.category, reason: null };
    case 'minTier':
      return { operation: 'minTier', value: change.minTier, reason: null };
  }
}

/** The scope as a condition on `assets a`: the ticked assets' legacy ids, or the grid's own filter and search. */
function scopeCondition(scope: BulkAssetScope): SqlFragment {
  if (scope.kind === 'rows') return sql`a.legacy_key IN (SELECT jsonb_array_elements_text(${JSON.stringify(scope.ids)}::jsonb))`;
  const query = listAssetQuerySchema.parse(new URLSearchParams(scope.filter));
  return sql.and(assetListQueries(query).total.where);
}

const titleOf = (record: JsonObject) => (typeof record.title === 'string' ? record.title : '');

/**
 * Resolves the scope to the assets it covers (at most BULK_ASSET_LIMIT, else LIMIT_EXCEEDED) and runs
 * the change's edit on each as stored now, writing nothing: how many would change, how many would be
 * skipped or fail and why. Apply runs the same edit again on each row under the write lock.
 */
export async function previewBulkAssetChange(em: EntityManager, input: PreviewBulkAssetChangeInput): Promise<BulkAssetPreview> {
  const { scope, change } = previewBulkAssetChangeSchema.parse(input);
  const where = scopeCondition(scope);
  const rows = await em.execute<StoredRow[]>(
    `SELECT ${selectList(mapping)} FROM assets a WHERE ${where.text} ORDER BY a.legacy_position LIMIT ${BULK_ASSET_LIMIT + 1}`,
    [...where.values],
  );
  if (rows.length > BULK_ASSET_LIMIT) {
    throw new AppError('LIMIT_EXCEEDED', `More than ${BULK_ASSET_LIMIT.toLocaleString('en')} assets match. Narrow the filter and try again.`);
  }
  const edit = bulkEdit(change, new Date().toISOString());
  const lines: BulkAssetLine[] = rows.map((row) => {
    const record = decodeRow(mapping, row);
    if (!isJsonObject(record)) return { id: row.legacy_key, title: '', outcome: 'failed', reason: 'the stored record is not an object', from: '', to: '' };
    const decision = edit(record);
    return {
      id: row.legacy_key,
      title: titleOf(record),
      outcome: decision.kind === 'apply' ? 'applied' : decision.kind === 'skip' ? 'skipped' : 'failed',
      reason: decision.kind === 'apply' ? '' : decision.reason,
      from: decision.from ?? '',
      to: decision.to ?? '',
    };
  });
  const skipped = countReasons(lines.filter((line) => line.outcome === 'skipped'));
  // Ticked rows the table no longer holds (removed since the page loaded) are counted, not silently dropped.
  const missing = scope.kind === 'rows' ? new Set(scope.ids).size - rows.length : 0;
  if (missing > 0) skipped.push({ reason: 'not found', count: missing });
  return {
    ids: rows.map((row) => row.legacy_key),
    willChange: lines.filter((line) => line.outcome === 'applied').length,
    skipped,
    failed: countReasons(lines.filter((line) => line.outcome === 'failed')),
    sample: (['applied', 'skipped', 'failed'] as const).flatMap((outcome) => lines.filter((line) => line.outcome === outcome).slice(0, PREVIEW_SAMPLE)),
  };
}

function countReasons(lines: BulkAssetLine[]): ReasonCount[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.reason, (counts.get(line.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

/**
 * Applies one change to many assets in one write through the storage mode's write path (one statement
 * batch in pg-primary, one file write then the sync in json-primary). Every row is decided again as
 * stored now; every id gets a line (applied, skipped with reason, failed with reason). One audit event,
 * correlated by its id with the report, names every row with its outcome and values before and after;
 * the row trigger records each changed row in full beside it.
 */
export async function applyBulkAssetChange(em: EntityManager, input: ApplyBulkAssetChangeInput, options: WriteOptions): Promise<BulkAssetReport> {
  const { ids, change } = applyBulkAssetChangeSchema.parse(input);
  const correlationId = crypto.randomUUID();
  const edit = bulkEdit(change, new Date().toISOString());
  const seen = new Map<string, { title: string; from: string; to: string }>();
  const result = await writeLegacyRows(em, {
    source: 'admin-opportunities',
    keys: ids,
    ...options,
    edit: (current, key) => {
      const decision = edit(current);
      seen.set(key, { title: titleOf(current), from: decision.from ?? '', to: decision.to ?? '' });
      return decision;
    },
    auditEvent: (outcomes, mode) => ({
      action: 'ASSET_BULK_CHANGE',
      tableName: 'assets',
      recordId: `bulk:${correlationId}`,
      newValues: {
        correlationId,
        ...describeChange(change),
        mode,
        totals: totalsOf(outcomes),
        rows: outcomes.map((outcome) => ({
          id: outcome.key,
          outcome: outcome.status,
          ...(outcome.status === 'applied' ? { from: seen.get(outcome.key)?.from ?? '', to: seen.get(outcome.key)?.to ?? '' } : { reason: outcome.reason }),
        })),
      },
    }),
  });
  const lines = result.outcomes.map((outcome): BulkAssetLine => {
    const known = seen.get(outcome.key);
    return {
      id: outcome.key,
      title: known?.title ?? '',
      outcome: outcome.status,
      reason: outcome.status === 'applied' ? '' : outcome.reason,
      from: known?.from ?? '',
      to: outcome.status === 'applied' ? (known?.to ?? '') : '',
    };
  });
  return { correlationId, mode: result.mode, totals: totalsOf(result.outcomes), lines };
}

function totalsOf(outcomes: ReadonlyArray<{ status: BulkAssetLine['outcome'] }>): BulkAssetReport['totals'] {
  return {
    applied: outcomes.filter((outcome) => outcome.status === 'applied').length,
    skipped: outcomes.filter((outcome) => outcome.status === 'skipped').length,
    failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
  };
}
