import type { JsonObject } from '@/lib/legacy/canonical-json';
import { assetStatusVocabulary, type AssetStatus } from '@/lib/legacy/vocabulary';
import type { RowDecision } from '@/lib/storage/write-rows';
import { ARCHIVED_AT_FIELD, findTransition, isArchived, readStatus, type AssetLifecycleState } from './asset-lifecycle';
import { withMember } from './asset.service';

/**
 * Record edits of the lifecycle and bulk changes: each turns the asset as stored now into a row
 * decision (the write path calls them on the locked row or the file's record; the preview on the
 * row as read). The shown values say what the grid shows before and after.
 */
export type AssetEdit = (current: JsonObject) => RowDecision & { from?: string; to?: string };

const shown = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** Moves an asset to `target` if the lifecycle allows it from where it is now; otherwise skips it, saying why. */
export function moveTo(target: AssetLifecycleState, at: string): AssetEdit {
  return (current) => {
    const reading = readStatus(current);
    const found = findTransition(reading.state, target);
    const from = reading.state ?? reading.stored ?? '';
    if ('refusal' in found) return { kind: 'skip', reason: found.refusal, from };
    // Archiving keeps the stored status (draft or closed: neither is live) and marks the record.
    if (target === 'archived') return { kind: 'apply', value: withMember(current, ARCHIVED_AT_FIELD, at), from, to: target };
    const stored = assetStatusVocabulary.toLegacy(target as AssetStatus, reading.stored);
    return { kind: 'apply', value: withMember(current, 'status', stored), from, to: target };
  };
}

/** Sets one member to `value` unless the asset is archived or already holds it. */
export function setField(field: string, value: string | number, what: string): AssetEdit {
  return (current) => {
    const from = shown(current[field]);
    if (isArchived(current)) return { kind: 'skip', reason: 'archived assets are not changed', from };
    if (current[field] === value) return { kind: 'skip', reason: `${what} already ${value}`, from };
    return { kind: 'apply', value: withMember(current, field, value), from, to: shown(value) };
  };
}
