import type { JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import type { SourceEnvelope } from '@/lib/legacy/source-layout';
import type { SourceId } from '@/lib/legacy/sources';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { makeLegacyRecord, writeLegacyRecords } from '@/lib/storage/write-legacy-records';
import { LegacyApiError } from './legacy-api-error';
import type { LegacyContext } from './legacy-route';

/**
 * Applies `mutate` to one legacy source through the storage-mode write path (legacy file under its
 * lock then sync in json-primary, PostgreSQL then outbox in pg-primary), audited as the legacy API.
 */
export async function writeSource(
  context: Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller'>,
  source: SourceId,
  mutate: (records: LegacyRecord[], envelope: SourceEnvelope) => LegacyRecord[],
): Promise<{ mode: StorageMode; records: LegacyRecord[] }> {
  if (!context.em) throw new LegacyApiError(503, 'Database unavailable');
  return writeLegacyRecords(context.em, { source, context: context.caller.audit, mutate });
}

export function findRecord(records: readonly LegacyRecord[], key: string, what: string): LegacyRecord {
  const record = records.find((candidate) => candidate.key === key);
  if (!record) throw new LegacyApiError(404, `${what} not found`);
  return record;
}

/** The source with one record's value replaced in place (same key and position). */
export function replaceRecord(source: SourceId, records: readonly LegacyRecord[], key: string, value: JsonValue): LegacyRecord[] {
  return records.map((record) => (record.key === key ? makeLegacyRecord(source, value, record.position, record.key) : record));
}

/** The source with a new last record (map sources name it by `key`). */
export function appendRecord(source: SourceId, records: readonly LegacyRecord[], value: JsonValue, key?: string): LegacyRecord[] {
  return [...records, makeLegacyRecord(source, value, records.length, key)];
}

/** The source without one record, the following ones moved up a position. */
export function removeRecord(records: readonly LegacyRecord[], key: string): LegacyRecord[] {
  return records.filter((record) => record.key !== key).map((record, position) => (record.position === position ? record : { ...record, position }));
}
