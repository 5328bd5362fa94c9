import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordHash, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import { AppError } from '@/lib/errors';
import { OPPORTUNITY_FIELD_ORDER } from '@/lib/migration/mappings/admin-opportunities';
import { writeLegacyRows, type RowWriteResult } from '@/lib/storage/write-rows';
import { updateAssetSchema, type UpdateAssetInput } from './asset.schemas';

const SOURCE = 'admin-opportunities';

export type WriteOptions = { context: AuditContext; sourceDir?: string; syncTimeoutMs?: number };

/** Absent and null read the same to an editor: a form shows both as an empty field. */
const sameValue = (a: JsonValue | undefined, b: JsonValue | undefined) => recordHash(a ?? null) === recordHash(b ?? null);

/** A member set in the legacy server's order when new; an existing member keeps its place. */
export function withMember(record: JsonObject, field: string, value: JsonValue): JsonObject {
  if (Object.hasOwn(record, field)) return { ...record, [field]: value };
  const order = OPPORTUNITY_FIELD_ORDER as readonly string[];
  const rank = order.indexOf(field);
  const entries = Object.entries(record);
  const at = rank < 0 ? entries.length : entries.findIndex(([name]) => order.indexOf(name) > rank || !order.includes(name));
  entries.splice(at < 0 ? entries.length : at, 0, [field, value]);
  return Object.fromEntries(entries) as JsonObject;
}

/**
 * Saves one admin's edit of one asset through the storage mode's write path. The check runs against
 * the record as stored now (the locked row, or the legacy file's record): any field in `original` that
 * someone changed since the editor loaded it makes the save a CONFLICT naming those fields, so a stale
 * form never overwrites another admin's (or the legacy server's) change.
 */
export async function updateAsset(
  em: EntityManager,
  input: UpdateAssetInput,
  options: WriteOptions,
): Promise<{ mode: RowWriteResult['mode']; asset: JsonObject }> {
  const { id, changes, original } = updateAssetSchema.parse(input);
  const result = await writeLegacyRows(em, {
    source: SOURCE,
    keys: [id],
    ...options,
    edit: (current) => {
      const stale = Object.keys(original).filter((field) => !sameValue(original[field] as JsonValue, current[field]));
      if (stale.length > 0) {
        throw new AppError(
          'CONFLICT',
          `This asset was changed by someone else since you opened it (${stale.join(', ')}). Reload it and make your change again.`,
          Object.fromEntries(stale.map((field) => [field, [`Changed since you loaded it; now ${JSON.stringify(current[field] ?? null)}`]])),
        );
      }
      let next = current;
      for (const [field, value] of Object.entries(changes)) {
        const stored = field === 'status' ? assetStatusVocabulary.toLegacy(assetStatusVocabulary.fromLegacy(value as string)!.value, value as string) : value;
        next = withMember(next, field, stored as JsonValue);
      }
      return { kind: 'apply', value: next };
    },
  });
  const [outcome] = result.outcomes;
  if (outcome.status === 'skipped') throw new AppError('NOT_FOUND', `Asset ${id} not found.`);
  if (outcome.status === 'failed') throw new AppError('VALIDATION', `Asset ${id} was not saved: ${outcome.reason}.`);
  return { mode: result.mode, asset: outcome.after };
}
