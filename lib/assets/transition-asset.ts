import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@/lib/errors';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { writeLegacyRows, type RowOutcome, type RowWriteResult } from '@/lib/storage/write-rows';
import { moveTo } from './asset-edits';
import { ARCHIVED_AT_FIELD, readStatus, transitionAssetSchema, transitionFor, type AssetLifecycleState, type TransitionAssetInput } from './asset-lifecycle';
import type { WriteOptions } from './asset.service';
import { publishGaps } from './publish-requirements';

/** The stored status and archive marker of a written row, as the legacy record holds them. */
function lifecycleMembers(outcome: RowOutcome | undefined, side: 'before' | 'after' = 'before'): JsonObject {
  if (outcome?.status !== 'applied') return {};
  const record = outcome[side];
  return { status: record.status ?? null, [ARCHIVED_AT_FIELD]: record[ARCHIVED_AT_FIELD] ?? null };
}

/** Publishing checks every field (a draft may be saved incomplete): a gap refuses it, naming each field. */
function assertPublishable(record: JsonObject): void {
  const fieldErrors = publishGaps(record);
  if (Object.keys(fieldErrors).length === 0) return;
  throw new AppError('VALIDATION', `Complete the draft before publishing it: ${Object.keys(fieldErrors).join(', ')}.`, fieldErrors);
}

export type TransitionResult = { mode: RowWriteResult['mode']; from: AssetLifecycleState; to: AssetLifecycleState; asset: JsonObject };

/**
 * Moves one asset along the lifecycle through the storage mode's write path. The check runs against
 * the asset as stored now, under the lock: a status or archive marker that changed since the page
 * loaded it is a CONFLICT (someone else moved it), a transition the lifecycle does not allow from the
 * current state is refused. One audit event names the transition and the typed reason, beside the
 * row entry the trigger records.
 */
export async function transitionAsset(em: EntityManager, input: TransitionAssetInput, options: WriteOptions): Promise<TransitionResult> {
  const { id, action, reason, loadedStatus, loadedArchivedAt } = transitionAssetSchema.parse(input);
  const transition = transitionFor(action);
  const at = new Date().toISOString();
  let from: AssetLifecycleState | null = null;
  const result = await writeLegacyRows(em, {
    source: 'admin-opportunities',
    keys: [id],
    ...options,
    edit: (current) => {
      const now = readStatus(current);
      const archivedAt = typeof current[ARCHIVED_AT_FIELD] === 'string' ? current[ARCHIVED_AT_FIELD] : '';
      if (now.stored !== loadedStatus || archivedAt !== (loadedArchivedAt ?? '')) {
        throw new AppError(
          'CONFLICT',
          `This asset's status was changed by someone else since you opened it (now ${now.state ?? now.stored}). Reload it and try again.`,
          {
            status: [`Changed since you loaded it; now ${now.state ?? now.stored}`],
          },
        );
      }
      from = now.state;
      if (action === 'publish') assertPublishable(current);
      const decision = moveTo(transition.to, at)(current);
      if (decision.kind === 'skip') throw new AppError('VALIDATION', `${transition.label} is not possible: ${decision.reason}.`);
      return decision;
    },
    auditEvent: ([outcome], mode) => ({
      action: 'ASSET_TRANSITION',
      tableName: 'assets',
      recordId: id,
      oldValues: { state: from, ...lifecycleMembers(outcome) },
      newValues: {
        action,
        state: transition.to,
        reason: transition.needsReason ? (reason?.trim() ?? null) : null,
        mode,
        ...lifecycleMembers(outcome, 'after'),
      },
    }),
  });
  const [outcome] = result.outcomes;
  if (outcome.status === 'skipped') throw new AppError('NOT_FOUND', `Asset ${id} not found.`);
  if (outcome.status === 'failed') throw new AppError('VALIDATION', `Asset ${id} was not changed: ${outcome.reason}.`);
  return { mode: result.mode, from: from!, to: transition.to, asset: outcome.after };
}
