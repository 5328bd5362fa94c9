import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { setClientAuditContext, type AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent, recordClientAuditEvent, type AuditEvent } from '@/lib/audit/record-audit-event';
import { recordHash, type JsonValue } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { defaultEnvelope, type SourceEnvelope } from '@/lib/legacy/source-layout';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { readRecordsFromDatabase } from '@/lib/migration/export-source';
import { writeSourceRows } from '@/lib/migration/import-source';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { findCurrentManifest } from '@/lib/migration/migration-runs.repository';
import { inEmTransaction } from '@/lib/migration/pg-client';
import { syncSources } from '@/lib/migration/sync-sources';
import { getStorageMode, type StorageMode } from '@/lib/settings/storage-mode';
import { readIfExists, withLegacyFileLock, writeFileAtomically } from './legacy-file-lock';
import { enqueueMirror } from './storage-outbox';

export type LegacyRecordsMutation = (records: LegacyRecord[], envelope: SourceEnvelope) => LegacyRecord[] | Promise<LegacyRecord[]>;

/**
 * A new or replaced legacy record for `source`, keyed the way its adapter keys records read from the
 * file: map files by member name (`key`, required there), array files by their natural key or index.
 */
export function makeLegacyRecord(source: SourceId, value: JsonValue, position: number, key?: string): LegacyRecord {
  const adapter = getLegacySource(source);
  if (adapter.layout.container === 'map' && key === undefined) throw new Error(`${adapter.relativePath} records need their member name as key`);
  const naturalKey =
    adapter.layout.container === 'single' ? adapter.layout.key : adapter.naturalKey ? (adapter.naturalKey(value) ?? `#${position}`) : String(position);
  return { key: key ?? naturalKey, position, value, hash: recordHash(value) };
}

function legacyDataDir(override?: string): string {
  const dir = override ?? env().LEGACY_DATA_DIR;
  if (!dir) throw new AppError('UNAVAILABLE', 'Writes need LEGACY_DATA_DIR: the legacy data folder is not configured.');
  return dir;
}

/**
 * The one write path for legacy data, whichever side is the truth:
 * - json-primary: the legacy file is changed under the legacy server's lock + tmp + rename protocol,
 *   then synced into PostgreSQL, so the two servers never race;
 * - pg-primary: PostgreSQL is changed (same upsert as the import), and the file is mirrored from the
 *   outbox, in order.
 * Either way the change is one audited event with the source and actor.
 */
export async function writeLegacyRecords(
  em: EntityManager,
  { source, mutate, context, sourceDir }: { source: SourceId; mutate: LegacyRecordsMutation; context: AuditContext; sourceDir?: string },
): Promise<{ mode: StorageMode; records: LegacyRecord[] }> {
  const adapter = getLegacySource(source);
  const mapping = SOURCE_MAPPINGS[source];
  if (!mapping) throw new AppError('NOT_FOUND', `No table holds ${adapter.relativePath}.`);
  const mode = await getStorageMode(em);
  let before: LegacyRecord[] = [];
  const tracked: LegacyRecordsMutation = (current, envelope) => {
    before = current;
    return mutate(current, envelope);
  };

  if (mode === 'json-primary') {
    // The file write and the sync cannot roll back with the caller's transaction, so they do not join it.
    const dir = legacyDataDir(sourceDir);
    const file = path.join(dir, adapter.relativePath);
    const records = await withLegacyFileLock(file, async () => {
      const parsed = adapter.parse(await readIfExists(file));
      const next = await tracked(parsed.records, parsed.envelope);
      await writeFileAtomically(file, adapter.serialize(next, parsed.envelope));
      return next;
    });
    // During a migration run the sync stands aside (the file already holds the write); the sync worker pulls it in after the run.
    await syncSources(em, { sourceDir: dir, storageDir: env().KYC_STORAGE_DIR, context, worker: `write:${context.source}`, only: [source] });
    // The file is written and synced (its rows audited in the sync's transaction) before this summary
    // event: a file write cannot be rolled back with a transaction.
    await em.transactional((tx) => recordAuditEvent(tx, legacyWriteEvent(mapping.table, source, mode, before, records), context));
    return { mode, records };
  }
  // pg-primary: rows (audited per row by the triggers), the outbox entry and the write's summary event
  // commit together, with the caller's transaction when there is one.
  const records = await inEmTransaction(em, async (client) => {
    await setClientAuditContext(client, context);
    const manifest = await findCurrentManifest(client, source);
    const next = await tracked(await readRecordsFromDatabase(client, mapping), manifest?.envelope ?? defaultEnvelope(adapter.layout));
    const runId = manifest?.runId;
    if (!runId) throw new AppError('CONFLICT', `${adapter.relativePath} has not been imported yet.`);
    await writeSourceRows(client, { mapping, records: next, runId });
    await enqueueMirror(client, source);
    await recordClientAuditEvent(client, legacyWriteEvent(mapping.table, source, mode, before, next), context);
    return next;
  });
  return { mode, records };
}

function legacyWriteEvent(table: string, source: SourceId, mode: StorageMode, before: LegacyRecord[], after: LegacyRecord[]): AuditEvent {
  return { action: 'LEGACY_WRITE', tableName: table, recordId: source, newValues: { mode, ...changedKeys(before, after) } };
}

const KEYS_AUDITED = 100;

/** Which records a write added, changed or removed, by legacy key (capped, with totals). */
function changedKeys(before: LegacyRecord[], after: LegacyRecord[]) {
  const previous = new Map(before.map((record) => [record.key, record.hash]));
  const next = new Map(after.map((record) => [record.key, record.hash]));
  const added = [...next.keys()].filter((key) => !previous.has(key));
  const removed = [...previous.keys()].filter((key) => !next.has(key));
  const changed = [...next.keys()].filter((key) => previous.has(key) && previous.get(key) !== next.get(key));
  return {
    added: added.slice(0, KEYS_AUDITED),
    changed: changed.slice(0, KEYS_AUDITED),
    removed: removed.slice(0, KEYS_AUDITED),
    totals: { added: added.length, changed: changed.length, removed: removed.length },
  };
}
