import { createHash } from 'node:crypto';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { setAuditContext, type AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent, type AuditEvent } from '@/lib/audit/record-audit-event';
import { isJsonObject, recordHash, type JsonObject } from '@/lib/legacy/canonical-json';
import { rootHash } from '@/lib/legacy/manifest';
import type { LegacyRecord, SourceAdapter as LegacySourceAdapter } from '@/lib/legacy/source-adapter';
import { makeLegacyRecord } from './write-legacy-records';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { RUN_HOLDS_LOCK } from '@/lib/migration/run-lock';
import { allColumns, columnPlan, decodeRow, encodeRecord, selectList, type SourceMapping, type StoredRow } from '@/lib/migration/source-mapping';
import { syncWrittenFile, type WrittenFile } from '@/lib/migration/sync-sources';
import { getStorageMode, type StorageMode } from '@/lib/settings/storage-mode';
import { readIfExists, withLegacyFileLock, writeFileAtomically } from './legacy-file-lock';
import { findRecordsBySpan, patchRecordSpans, type SpannedRecords } from './patch-legacy-file';

/** What an edit makes of one current record: its new value, or why it is left alone. */
export type RowDecision = { kind: 'apply'; value: JsonObject } | { kind: 'skip'; reason: string } | { kind: 'fail'; reason: string };

/**
 * Decides one row's change from its current record (the PostgreSQL row, locked, in pg-primary; the
 * file's record, under the file lock, in json-primary). Throwing (a CONFLICT) aborts the whole write.
 */
export type RowEdit = (current: JsonObject, key: string) => RowDecision;

export type RowOutcome =
  | { key: string; status: 'applied'; before: JsonObject; after: JsonObject }
  | { key: string; status: 'skipped'; reason: string }
  | { key: string; status: 'failed'; reason: string };

export type RowWriteResult = { mode: StorageMode; outcomes: RowOutcome[] };

type RowWriteOptions = {
  source: SourceId;
  keys: readonly string[];
  edit: RowEdit;
  context: AuditContext;
  /** The legacy data folder (json-primary); defaults to LEGACY_DATA_DIR. */
  sourceDir?: string;
  /** How long json-primary waits for the sync to bring the written rows into PostgreSQL. */
  syncTimeoutMs?: number;
  /**
   * The write's audit event, in place of the generic LEGACY_WRITE summary: a domain write that must
   * name every row, or say why it was made (a typed reason), describes itself. Recorded where the
   * summary would be (in the rows' transaction in pg-primary, after the sync in json-primary).
   * Null when the caller records the one event itself: a change written to several sources (a user's
   * tier lives in two files) describes all of them once; the row triggers still record every row.
   */
  auditEvent?: (outcomes: RowOutcome[], mode: StorageMode) => AuditEvent | null;
};

const SYNC_TIMEOUT_MS = 10_000;
const SYNC_POLL_MS = 50;
const ROWS_AUDITED = 100;

/**
 * The row-level write path for a migrated source, whichever side is the truth, beside the whole-source
 * `writeLegacyRecords`. Every key is read, edited and written in one go, whatever the number of rows:
 * - pg-primary: one transaction (joining the caller's) locks the rows, writes the changed ones in one
 *   UPDATE through the import's own encoding (so provenance, `extra` and the legacy hash stay exact),
 *   enqueues the outbox mirror and records the write's audit event; a failure anywhere leaves none of them.
 * - json-primary: under the legacy lock the file's current records are edited and the file is written
 *   once (tmp + rename); the sync then applies it, and the call returns only when PostgreSQL holds the
 *   written records (read-your-writes), or fails with UNAVAILABLE after `syncTimeoutMs` saying so.
 * Missing keys are skipped, records the mapping cannot store (quarantined now or after the edit) fail.
 */
export async function writeLegacyRows(em: EntityManager, options: RowWriteOptions): Promise<RowWriteResult> {
  const mapping = SOURCE_MAPPINGS[options.source];
  if (!mapping || mapping.root) throw new AppError('NOT_FOUND', `Row writes need an object source with a table; ${options.source} is not one.`);
  const mode = await getStorageMode(em);
  const keys = [...new Set(options.keys)];
  const listedTwice = duplicateOutcomes(options.keys);
  const write = mode === 'pg-primary' ? writeRowsInDatabase : writeRowsInFile;
  return { mode, outcomes: await write(em, mapping, keys, listedTwice, options) };
}

function duplicateOutcomes(keys: readonly string[]): RowOutcome[] {
  const seen = new Set<string>();
  const outcomes: RowOutcome[] = [];
  for (const key of keys) {
    if (seen.has(key)) outcomes.push({ key, status: 'skipped', reason: 'listed more than once; applied once' });
    seen.add(key);
  }
  return outcomes;
}

/** Applies `edit` to one current record and proves the result storable, as the import would store it. */
function decide(mapping: SourceMapping, record: LegacyRecord, edit: RowEdit): { outcome: RowOutcome; record?: LegacyRecord } {
  if (!isJsonObject(record.value)) return { outcome: { key: record.key, status: 'failed', reason: 'the stored record is not an object' } };
  const decision = edit(record.value, record.key);
  if (decision.kind === 'skip') return { outcome: { key: record.key, status: 'skipped', reason: decision.reason } };
  if (decision.kind === 'fail') return { outcome: { key: record.key, status: 'failed', reason: decision.reason } };
  const next: LegacyRecord = { key: record.key, position: record.position, value: decision.value, hash: recordHash(decision.value) };
  const encoded = encodeRecord(mapping, next);
  if (encoded.kind === 'quarantine')
    return { outcome: { key: record.key, status: 'failed', reason: `the changed record cannot be stored: ${encoded.reason}` } };
  return { outcome: { key: record.key, status: 'applied', before: record.value, after: decision.value }, record: next };
}

async function writeRowsInDatabase(
  em: EntityManager,
  mapping: SourceMapping,
  keys: string[],
  listedTwice: RowOutcome[],
  options: RowWriteOptions,
): Promise<RowOutcome[]> {
  return em.transactional(async (tx) => {
    await setAuditContext(tx, options.context);
    const keyList = JSON.stringify(keys);
    const rows = await tx.execute<StoredRow[]>(
      `SELECT ${selectList(mapping)} FROM ${mapping.table} WHERE legacy_key IN (SELECT jsonb_array_elements_text(?::jsonb)) FOR UPDATE`,
      [keyList],
    );
    const quarantined = await tx.execute<Array<{ legacy_key: string; reason: string }>>(
      `SELECT legacy_key, reason FROM migration_quarantine WHERE legacy_source = ? AND legacy_key IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [mapping.source, keyList],
    );
    const byKey = new Map(rows.map((row) => [row.legacy_key, row]));
    const quarantineReasons = new Map(quarantined.map((row) => [row.legacy_key, row.reason]));
    const outcomes: RowOutcome[] = [];
    const changed: LegacyRecord[] = [];
    for (const key of keys) {
      const row = byKey.get(key);
      if (!row) {
        const reason = quarantineReasons.get(key);
        outcomes.push(
          reason
            ? { key, status: 'failed', reason: `held in quarantine (${reason}); correct it in the legacy file first` }
            : { key, status: 'skipped', reason: 'not found' },
        );
        continue;
      }
      const value = decodeRow(mapping, row);
      const { outcome, record } = decide(mapping, { key, position: Number(row.legacy_position), value, hash: row.legacy_hash }, options.edit);
      outcomes.push(outcome);
      if (record) changed.push(record);
    }
    outcomes.push(...listedTwice);
    if (changed.length === 0) return outcomes;
    await updateRows(tx, mapping, changed);
    await tx.execute(`INSERT INTO storage_outbox (source) VALUES (?)`, [mapping.source]);
    const event = writeEvent(mapping, 'pg-primary', outcomes, options);
    if (event) await recordAuditEvent(tx, event, options.context);
    return outcomes;
  });
}

/**
 * One UPDATE for every changed row: the rows' encoded values travel as one jsonb array of text columns
 * and are cast to each column's type, exactly as the import's COPY would store them.
 */
async function updateRows(tx: EntityManager, mapping: SourceMapping, records: LegacyRecord[]): Promise<void> {
  const { columns, types, values } = encodedRows(mapping, records);
  const assigned = columns.filter((column) => column !== 'legacy_key');
  await tx.execute(
    `UPDATE ${mapping.table} AS t
        SET (${assigned.join(', ')}, updated_at) = (${assigned.map((column) => `v.${column}::${types.get(column)}`).join(', ')}, now())
       FROM jsonb_to_recordset(?::jsonb) AS v(${columns.map((column) => `${column} text`).join(', ')})
      WHERE t.legacy_key = v.legacy_key`,
    [JSON.stringify(values)],
  );
}

/** The rows' encoded values by column (text, as the import's COPY carries them) and each column's SQL type. */
function encodedRows(mapping: SourceMapping, records: LegacyRecord[]) {
  const columns = allColumns(mapping);
  const types = new Map<string, string>([
    ['legacy_key', 'text'],
    ['legacy_position', 'integer'],
    ['legacy_hash', 'char(64)'],
    ['legacy_layout', 'jsonb'],
    ['extra', 'jsonb'],
    ...columnPlan(mapping).map((column) => [column.name, column.sqlType] as [string, string]),
  ]);
  const values = records.map((record) => {
    const encoded = encodeRecord(mapping, record);
    if (encoded.kind !== 'row') throw new Error(`record ${record.key} was checked storable`);
    return Object.fromEntries(columns.map((column, index) => [column, encoded.values[index]]));
  });
  return { columns, types, values };
}

const KEY_ATTEMPTS = 50;

type RowCreateOptions = {
  source: SourceId;
  /** The record's key for the n-th attempt (0, 1, …); the first key no record holds is used. */
  candidateKey: (attempt: number) => string;
  /** The new record, given the key it will be stored under. */
  build: (key: string) => JsonObject;
  context: AuditContext;
  sourceDir?: string;
  syncTimeoutMs?: number;
};

/**
 * Adds one record to a migrated source through the storage mode's write path, as the last record
 * (the legacy server appends): in pg-primary one transaction takes the source's create lock, finds a
 * free key, inserts the row through the import's encoding, enqueues the mirror and records the audit
 * event; in json-primary the file is appended under the legacy lock and written once, then synced and
 * awaited (read-your-writes) like an edit. A record the mapping cannot store is refused (VALIDATION),
 * never quarantined.
 */
export async function createLegacyRow(em: EntityManager, options: RowCreateOptions): Promise<{ mode: StorageMode; key: string; record: JsonObject }> {
  const mapping = SOURCE_MAPPINGS[options.source];
  if (!mapping || mapping.root) throw new AppError('NOT_FOUND', `Row writes need an object source with a table; ${options.source} is not one.`);
  const mode = await getStorageMode(em);
  const created = mode === 'pg-primary' ? await createRowInDatabase(em, mapping, options) : await createRowInFile(em, mapping, options);
  return { mode, key: created.key, record: created.value as JsonObject };
}

function freeKey(options: RowCreateOptions, taken: (key: string) => boolean): string {
  for (let attempt = 0; attempt < KEY_ATTEMPTS; attempt += 1) {
    const key = options.candidateKey(attempt);
    if (!taken(key)) return key;
  }
  throw new AppError('CONFLICT', 'No free key for the new record; try again.');
}

function storableRecord(mapping: SourceMapping, key: string, position: number, options: RowCreateOptions): LegacyRecord {
  const record = makeLegacyRecord(options.source, options.build(key), position, key);
  if (record.key !== key) throw new Error(`the built record keys as ${record.key}, not ${key}`);
  const encoded = encodeRecord(mapping, record);
  if (encoded.kind === 'quarantine') throw new AppError('VALIDATION', `The new record cannot be stored: ${encoded.reason}.`);
  return record;
}

function createdEvent(mapping: SourceMapping, mode: StorageMode, record: LegacyRecord) {
  return {
    action: 'LEGACY_WRITE',
    tableName: mapping.table,
    recordId: record.key,
    newValues: { mode, source: mapping.source, rows: { [record.key]: record.value }, totals: { created: 1 } },
  };
}

async function createRowInDatabase(em: EntityManager, mapping: SourceMapping, options: RowCreateOptions): Promise<LegacyRecord> {
  return em.transactional(async (tx) => {
    await setAuditContext(tx, options.context);
    // Creates of one source take turns, so two never claim the same key or last position.
    await tx.execute(`SELECT pg_advisory_xact_lock(hashtext(?))`, [`row-create:${mapping.source}`]);
    const [{ next_position: nextPosition }] = await tx.execute<Array<{ next_position: number }>>(
      `SELECT coalesce(max(legacy_position) + 1, 0)::int AS next_position FROM ${mapping.table}`,
    );
    const candidates = Array.from({ length: KEY_ATTEMPTS }, (_, attempt) => options.candidateKey(attempt));
    const takenRows = await tx.execute<Array<{ legacy_key: string }>>(
      `SELECT legacy_key FROM ${mapping.table} WHERE legacy_key IN (SELECT jsonb_array_elements_text(?::jsonb))
       UNION SELECT legacy_key FROM migration_quarantine WHERE legacy_source = ? AND legacy_key IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(candidates), mapping.source, JSON.stringify(candidates)],
    );
    const taken = new Set(takenRows.map((row) => row.legacy_key));
    const record = storableRecord(
      mapping,
      freeKey(options, (key) => taken.has(key)),
      nextPosition,
      options,
    );
    const { columns, types, values } = encodedRows(mapping, [record]);
    await tx.execute(
      `INSERT INTO ${mapping.table} (${columns.join(', ')})
       SELECT ${columns.map((column) => `v.${column}::${types.get(column)}`).join(', ')}
         FROM jsonb_to_recordset(?::jsonb) AS v(${columns.map((column) => `${column} text`).join(', ')})`,
      [JSON.stringify(values)],
    );
    await tx.execute(`INSERT INTO storage_outbox (source) VALUES (?)`, [mapping.source]);
    await recordAuditEvent(tx, createdEvent(mapping, 'pg-primary', record), options.context);
    return record;
  });
}

async function createRowInFile(em: EntityManager, mapping: SourceMapping, options: RowCreateOptions): Promise<LegacyRecord> {
  const adapter = getLegacySource(mapping.source);
  const dir = legacyDataDir(options.sourceDir);
  const file = path.join(dir, adapter.relativePath);
  const writtenFile = await withLegacyFileLock(file, async (): Promise<WrittenFile> => {
    const bytes = await readIfExists(file);
    const parsed = adapter.parse(bytes);
    const keys = new Set(parsed.records.map((existing) => existing.key));
    const created = storableRecord(
      mapping,
      freeKey(options, (key) => keys.has(key)),
      parsed.records.length,
      options,
    );
    const records = [...parsed.records, created];
    const next = adapter.serialize(records, parsed.envelope);
    await writeFileAtomically(file, next);
    return {
      source: mapping.source,
      previousSha256: bytes && createHash('sha256').update(bytes).digest('hex'),
      bytes: next,
      envelope: parsed.envelope,
      recordCount: records.length,
      rootHash: rootHash(records),
      records,
      changed: [created],
    };
  });
  const [record] = writtenFile.changed;
  // As for an edit: only the new record is applied when PostgreSQL held the file as it was.
  const synced = await syncWrittenFile(em, {
    sourceDir: dir,
    storageDir: env().KYC_STORAGE_DIR,
    context: options.context,
    worker: `write:${options.context.source}`,
    file: writtenFile,
  });
  await waitForSyncedRows(em, mapping, [record], synced === RUN_HOLDS_LOCK, options.syncTimeoutMs ?? SYNC_TIMEOUT_MS);
  await em.transactional((tx) => recordAuditEvent(tx, createdEvent(mapping, 'json-primary', record), options.context));
  return record;
}

function legacyDataDir(override?: string): string {
  const dir = override ?? env().LEGACY_DATA_DIR;
  if (!dir) throw new AppError('UNAVAILABLE', 'Writes need LEGACY_DATA_DIR: the legacy data folder is not configured.');
  return dir;
}

async function writeRowsInFile(
  em: EntityManager,
  mapping: SourceMapping,
  keys: string[],
  listedTwice: RowOutcome[],
  options: RowWriteOptions,
): Promise<RowOutcome[]> {
  const adapter = getLegacySource(mapping.source);
  const dir = legacyDataDir(options.sourceDir);
  const file = path.join(dir, adapter.relativePath);
  const { outcomes, written, writtenFile } = await withLegacyFileLock(file, async () => {
    const bytes = await readIfExists(file);
    const spanned = bytes && (await findRecordsBySpan(em, mapping, bytes, keys));
    const patched = bytes && spanned && (await patchFileInPlace(mapping, file, bytes, spanned, keys, listedTwice, options.edit));
    return patched || rewriteWholeFile(mapping, adapter, file, bytes, keys, listedTwice, options.edit);
  });
  if (!writtenFile) return outcomes;
  // Only the changed records are applied when PostgreSQL held the file as it was; otherwise the whole source.
  const synced = await syncWrittenFile(em, {
    sourceDir: dir,
    storageDir: env().KYC_STORAGE_DIR,
    context: options.context,
    worker: `write:${options.context.source}`,
    file: writtenFile,
  });
  await waitForSyncedRows(em, mapping, written, synced === RUN_HOLDS_LOCK, options.syncTimeoutMs ?? SYNC_TIMEOUT_MS);
  // The file write cannot roll back with a transaction, so this event follows the synced rows.
  const event = writeEvent(mapping, 'json-primary', outcomes, options);
  if (event) await em.transactional((tx) => recordAuditEvent(tx, event, options.context));
  return outcomes;
}

type FileEdit = { outcomes: RowOutcome[]; written: LegacyRecord[]; writtenFile: WrittenFile | null };

/**
 * The fast path of a json-primary row write: PostgreSQL holds exactly this file, so only the named
 * records are parsed (found by their byte spans) and replaced in the bytes, in one write. Null when a
 * changed record's bytes are not in the legacy layout: the whole file is then rewritten instead.
 */
async function patchFileInPlace(
  mapping: SourceMapping,
  file: string,
  bytes: Buffer,
  spanned: SpannedRecords,
  keys: string[],
  listedTwice: RowOutcome[],
  edit: RowEdit,
): Promise<FileEdit | null> {
  const outcomes: RowOutcome[] = [];
  const written: LegacyRecord[] = [];
  const patches: Parameters<typeof patchRecordSpans>[2] = [];
  for (const key of keys) {
    const found = spanned.records.get(key);
    const quarantineReason = spanned.quarantined.get(key);
    if (!found) {
      outcomes.push(
        quarantineReason === undefined
          ? { key, status: 'skipped', reason: 'not found' }
          : { key, status: 'failed', reason: `held in quarantine (${quarantineReason}); correct it in the legacy file first` },
      );
      continue;
    }
    const { outcome, record } = decide(mapping, found.record, edit);
    outcomes.push(outcome);
    if (record) {
      written.push(record);
      patches.push({ span: found.span, before: found.record.value, after: record.value });
    }
  }
  outcomes.push(...listedTwice);
  if (written.length === 0) return { outcomes, written, writtenFile: null };
  const next = patchRecordSpans(bytes, spanned.envelope, patches);
  if (!next) return null;
  await writeFileAtomically(file, next);
  const newHashes = new Map(written.map((record) => [record.key, record.hash]));
  return {
    outcomes,
    written,
    writtenFile: {
      source: mapping.source,
      previousSha256: spanned.sha256,
      bytes: next,
      envelope: spanned.envelope,
      recordCount: spanned.recordCount,
      rootHash: rootHash(spanned.hashes.map(({ key, hash }) => ({ key, hash: newHashes.get(key) ?? hash }))),
      changed: written,
    },
  };
}

/** Parses the whole file, edits the named records and writes every record back (unchanged ones keep their bytes when the file is in the legacy layout). */
async function rewriteWholeFile(
  mapping: SourceMapping,
  adapter: LegacySourceAdapter,
  file: string,
  bytes: Buffer | null,
  keys: string[],
  listedTwice: RowOutcome[],
  edit: RowEdit,
): Promise<FileEdit> {
  const parsed = adapter.parse(bytes);
  const byKey = new Map(parsed.records.map((record, index) => [record.key, index]));
  const records = [...parsed.records];
  const outcomes: RowOutcome[] = [];
  const written: LegacyRecord[] = [];
  for (const key of keys) {
    const index = byKey.get(key);
    if (index === undefined) {
      outcomes.push({ key, status: 'skipped', reason: 'not found' });
      continue;
    }
    const current = records[index];
    const stored = encodeRecord(mapping, current);
    if (stored.kind === 'quarantine') {
      outcomes.push({ key, status: 'failed', reason: `held in quarantine (${stored.reason}); correct it in the legacy file first` });
      continue;
    }
    const { outcome, record } = decide(mapping, current, edit);
    outcomes.push(outcome);
    if (record) {
      records[index] = record;
      written.push(record);
    }
  }
  outcomes.push(...listedTwice);
  if (written.length === 0) return { outcomes, written, writtenFile: null };
  const next = adapter.serialize(records, parsed.envelope);
  await writeFileAtomically(file, next);
  return {
    outcomes,
    written,
    writtenFile: {
      source: mapping.source,
      previousSha256: bytes && createHash('sha256').update(bytes).digest('hex'),
      bytes: next,
      envelope: parsed.envelope,
      recordCount: records.length,
      rootHash: rootHash(records),
      records,
      changed: written,
    },
  };
}

/** Read-your-writes: returns once PostgreSQL holds every written record (by its legacy hash), or fails saying where the change is. */
async function waitForSyncedRows(em: EntityManager, mapping: SourceMapping, written: LegacyRecord[], runHoldsLock: boolean, timeoutMs: number): Promise<void> {
  const expected = JSON.stringify(written.map((record) => ({ key: record.key, hash: record.hash })));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await em.execute<Array<{ synced: string }>>(
      `SELECT count(*) AS synced FROM jsonb_to_recordset(?::jsonb) AS v(key text, hash text)
         JOIN ${mapping.table} t ON t.legacy_key = v.key AND t.legacy_hash = v.hash`,
      [expected],
    );
    if (Number(row.synced) === written.length) return;
    if (Date.now() >= deadline) {
      const why = runHoldsLock ? 'a migration run holds the sync' : 'the sync has not applied it yet';
      throw new AppError(
        'UNAVAILABLE',
        `Saved to ${getLegacySource(mapping.source).relativePath}, but the database does not show it yet (${why}); it will appear once the sync worker applies the file.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, SYNC_POLL_MS));
  }
}

function writeEvent(mapping: SourceMapping, mode: StorageMode, outcomes: RowOutcome[], options: RowWriteOptions): AuditEvent | null {
  return options.auditEvent ? options.auditEvent(outcomes, mode) : rowWriteEvent(mapping, mode, outcomes);
}

/** One audit event per write: the fields each applied row changed, before and after (capped), with totals. */
function rowWriteEvent(mapping: SourceMapping, mode: StorageMode, outcomes: RowOutcome[]) {
  const applied = outcomes.filter((outcome) => outcome.status === 'applied');
  const before: Record<string, JsonObject> = {};
  const after: Record<string, JsonObject> = {};
  for (const outcome of applied.slice(0, ROWS_AUDITED)) {
    const fields = changedFields(outcome.before, outcome.after);
    before[outcome.key] = pick(outcome.before, fields);
    after[outcome.key] = pick(outcome.after, fields);
  }
  const totals = {
    applied: applied.length,
    skipped: outcomes.filter((outcome) => outcome.status === 'skipped').length,
    failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
  };
  return {
    action: 'LEGACY_WRITE',
    tableName: mapping.table,
    recordId: applied.length === 1 ? applied[0].key : mapping.source,
    oldValues: before,
    newValues: { mode, source: mapping.source, rows: after, totals },
  };
}

/** The members whose value differs between two records (added and removed ones included). */
export function changedFields(before: JsonObject, after: JsonObject): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter(
    (name) => recordHash(before[name] ?? null) !== recordHash(after[name] ?? null) || Object.hasOwn(before, name) !== Object.hasOwn(after, name),
  );
}

function pick(value: JsonObject, fields: string[]): JsonObject {
  return Object.fromEntries(fields.map((field) => [field, value[field] ?? null])) as JsonObject;
}
