import { z } from 'zod';
import { LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';
import { accessReasonSchema } from '@/lib/users/user-page.schemas';
import { CARRIED_FILE_REASONS, RUN_KINDS, RUN_STATES } from './migration-grids';

const SOURCE_IDS = LEGACY_SOURCES.map((source) => source.id) as [SourceId, ...SourceId[]];

/** "Verify now" has no input: it always checks every source against the legacy folder. */
export const verifyMigrationSchema = z.object({});

/**
 * A reveal of the phone numbers sealed in one quarantined record (uuid id) or one mismatch (numeric id),
 * with the reason the audit trail keeps (decision 064).
 */
export const revealFindingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quarantine'), id: z.uuid({ message: 'Not a quarantine id.' }), reason: accessReasonSchema }),
  z.object({ kind: z.literal('mismatch'), id: z.string().regex(/^[1-9]\d{0,17}$/, 'Not a mismatch id.'), reason: accessReasonSchema }),
]);
export type RevealFindingInput = z.infer<typeof revealFindingSchema>;

export const reimportSourceSchema = z.object({
  source: z.enum(SOURCE_IDS, { message: 'Choose one of the legacy sources.' }),
});

/**
 * The anomaly grid's list query: every anomaly the latest import of each source recorded, one row per key.
 * `q` finds a key exactly; filter by source and kind (the kinds are legacy-gen's camelCase names).
 */
export const listAnomaliesQuerySchema = defineListQuery({
  sortable: { source: 'text', kind: 'text', key: 'text' },
  defaultSort: [
    { column: 'source', direction: 'asc' },
    { column: 'kind', direction: 'asc' },
  ],
  filters: { source: filters.enum(SOURCE_IDS), kind: filters.values(/^[A-Za-z]{1,60}$/) },
  columns: ['source', 'kind', 'key', 'run'],
  defaultPageSize: 25,
  idType: 'integer',
});
export type ListAnomaliesQuery = z.infer<typeof listAnomaliesQuerySchema>;

/**
 * The mismatch grid's list query: the field differences that currently stand (each source's latest run).
 * `q` finds a key (exactly) or a field (contains); filter by source.
 */
export const listMismatchesQuerySchema = defineListQuery({
  sortable: { source: 'text', key: 'text', field: 'text' },
  defaultSort: [
    { column: 'source', direction: 'asc' },
    { column: 'key', direction: 'asc' },
  ],
  filters: { source: filters.enum(SOURCE_IDS) },
  columns: ['source', 'key', 'field', 'legacyValue', 'dbValue', 'diff', 'run'],
  defaultPageSize: 25,
  idType: 'integer',
});
export type ListMismatchesQuery = z.infer<typeof listMismatchesQuerySchema>;

/**
 * The run-history grid's list query (decision 038): `q` searches who started a run (or a run id); filters
 * by kind and state (multi-select), start (date range) and duration in seconds (range).
 */
export const listMigrationRunsQuerySchema = defineListQuery({
  sortable: { startedAt: 'date', kind: 'text', state: 'text', startedBy: 'text' },
  defaultSort: [{ column: 'startedAt', direction: 'desc' }],
  filters: {
    kind: filters.enum(RUN_KINDS),
    state: filters.enum(RUN_STATES),
    startedAt: filters.dateRange(),
    durationSeconds: filters.numberRange(),
  },
  columns: ['startedAt', 'kind', 'state', 'startedBy', 'duration', 'id', 'error'],
  defaultPageSize: 25,
  idType: 'uuid',
});
export type ListMigrationRunsQuery = z.infer<typeof listMigrationRunsQuerySchema>;

/** The quarantine grid's list query: `q` finds a key (exactly) or a reason (contains); filters by source and when. */
export const listQuarantineQuerySchema = defineListQuery({
  sortable: { source: 'text', key: 'text', quarantinedAt: 'date' },
  defaultSort: [
    { column: 'source', direction: 'asc' },
    { column: 'key', direction: 'asc' },
  ],
  filters: { source: filters.enum(SOURCE_IDS), quarantinedAt: filters.dateRange() },
  columns: ['source', 'key', 'reason', 'raw', 'quarantinedAt'],
  defaultPageSize: 25,
  idType: 'uuid',
});
export type ListQuarantineQuery = z.infer<typeof listQuarantineQuerySchema>;

/** The carried-files grid's list query: `q` finds part of a path; filter by why the file is carried. */
export const listCarriedFilesQuerySchema = defineListQuery({
  sortable: { path: 'text', sizeBytes: 'number', storedAt: 'date' },
  defaultSort: [{ column: 'path', direction: 'asc' }],
  filters: { reason: filters.enum(CARRIED_FILE_REASONS) },
  columns: ['path', 'reason', 'sizeBytes', 'sha256', 'storedAt'],
  defaultPageSize: 25,
  idType: 'text',
});
export type ListCarriedFilesQuery = z.infer<typeof listCarriedFilesQuerySchema>;
