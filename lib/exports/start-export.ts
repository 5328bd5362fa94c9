import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Readable } from 'node:stream';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hasPermission } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { formatSort, type SearchParams, type SortItem } from '@/lib/list-query/list-query.schemas';
import { DigestStream } from './digest-stream';
import type { ExportDocument, ExportWriter } from './export-document';
import type { ExportCellValue, ExportGrid } from './export-grid';
import { exportGridOrNull } from './export-grids';
import { finishExportJob, insertExportJob, type ExportJobRow } from './export.repository';
import { EXPORT_OPTION_PARAMS, exportOptionsSchema, type ExportFormat, type ExportOptions } from './export.schemas';
import { csvWriter } from './writers/csv';
import { ndjsonWriter } from './writers/ndjson';
import { pdfWriter } from './writers/pdf';
import { xlsxWriter } from './writers/xlsx';

/** Rows fetched per query: the grid's own page query, run with a larger page (flat memory: one batch at a time). */
export const EXPORT_BATCH_ROWS = 1_000;

const FILE_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  ndjson: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
};

function writerFor(options: ExportOptions): ExportWriter {
  switch (options.format) {
    case 'csv':
      return csvWriter({ bom: options.bom });
    case 'xlsx':
      return xlsxWriter;
    case 'pdf':
      return pdfWriter;
    case 'ndjson':
      return ndjsonWriter;
  }
}

type GridQuery = {
  q?: string;
  sort: SortItem[];
  columns: string[];
  filters: Record<string, unknown>;
  cursor?: string;
  direction: 'next' | 'prev';
  pageSize: number;
};

/** The export's own parameters and the grid's, apart; the grid's are what its page would carry. */
export function splitExportParams(params: URLSearchParams): { options: URLSearchParams; grid: URLSearchParams } {
  const options = new URLSearchParams();
  const grid = new URLSearchParams();
  for (const [key, value] of params) ((EXPORT_OPTION_PARAMS as readonly string[]).includes(key) ? options : grid).append(key, value);
  // Every matching row, from the first: a page position in a copied URL does not narrow an export.
  grid.delete('cursor');
  grid.delete('direction');
  grid.delete('pageSize');
  return { options, grid };
}

/** The filter, search and sort in words, as the file and the record state them. */
export function describeFilter(grid: ExportGrid, params: URLSearchParams, query: GridQuery): string {
  const parts: string[] = [];
  if (query.q) parts.push(`search “${query.q}”`);
  for (const [key, value] of params) {
    if (['q', 'sort', 'columns'].includes(key)) continue;
    parts.push(`${grid.columns[key]?.label ?? key} = ${value.replace(/\.\./, ' to ').replace(/,/g, ', ')}`);
  }
  const sort = query.sort.map((item) => `${grid.columns[item.column]?.label ?? item.column} ${item.direction === 'asc' ? 'ascending' : 'descending'}`);
  return `${parts.length ? parts.join('; ') : 'all rows'}; sorted by ${sort.join(', ')}`;
}

/** The grid's rows in its order, page after page of its own query, inside one read-only snapshot so the file is consistent. */
async function* gridRows(em: EntityManager, grid: ExportGrid, query: GridQuery): AsyncGenerator<unknown> {
  const snapshot = em.fork();
  await snapshot.begin({ isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  try {
    let cursor: string | undefined;
    do {
      const page = await grid.findPage(snapshot, { ...query, pageSize: EXPORT_BATCH_ROWS, cursor, direction: 'next' });
      yield* page.rows;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  } finally {
    await snapshot.rollback();
  }
}

async function* cells(rows: AsyncIterable<unknown>, grid: ExportGrid, columns: string[]): AsyncGenerator<ExportCellValue[]> {
  const mappers = columns.map((column) => grid.columns[column].value);
  for await (const row of rows) yield mappers.map((value) => value(row));
}

export type StartedExport = { job: ExportJobRow; body: Readable; fileName: string; contentType: string; done: Promise<ExportJobRow | null> };

/**
 * Starts an export of a grid as its page shows it for `params` (the grid's URL parameters plus
 * `format`, `bom` and `reason`). The actor needs `exports:create` (the route's wrapper) and the grid's
 * own read permission. The job row and its EXPORT audit entry are committed before the first byte;
 * `body` streams the file while hashing it, and `done` settles once the job is completed (hash, size,
 * rows, and an EXPORT_COMPLETED audit entry) or marked failed or cancelled.
 */
export async function startExport(
  em: EntityManager,
  { actor, audit, gridId, params }: { actor: Actor; audit: AuditContext; gridId: string; params: SearchParams },
): Promise<StartedExport> {
  const grid = exportGridOrNull(gridId);
  if (!grid) throw new AppError('NOT_FOUND', `There is no grid "${gridId}" to export.`);
  if (!hasPermission(actor.role, grid.permission)) throw new AppError('FORBIDDEN', 'Your role does not give access to this grid.');
  const all = params instanceof URLSearchParams ? params : toSearchParams(params);
  const split = splitExportParams(all);
  const options = exportOptionsSchema.parse(Object.fromEntries(split.options));
  const query = grid.schema.parse(split.grid) as GridQuery;
  const columns = query.columns.filter((column) => column in grid.columns);
  const hasPersonalData = columns.some((column) => grid.columns[column].personal);
  if (hasPersonalData && !options.reason) {
    throw new AppError('VALIDATION', 'These columns hold personal data: give a reason for the export.', {
      reason: ['Say why this personal data is exported.'],
    });
  }

  const filterText = describeFilter(grid, split.grid, query);
  const filter = Object.fromEntries([...split.grid].filter(([key]) => key !== 'columns'));
  const job = await em.fork().transactional(async (tx) => {
    const created = await insertExportJob(tx, {
      requestedBy: actor.id,
      requestedByLabel: actor.email,
      grid: gridId,
      format: options.format,
      filter,
      filterText,
      sort: formatSort(query.sort),
      columns,
      hasPersonalData,
      reason: options.reason,
    });
    await recordAuditEvent(
      tx,
      {
        action: 'EXPORT',
        tableName: 'export_jobs',
        recordId: created.id,
        newValues: { grid: gridId, format: options.format, filter, sort: created.sort, columns, hasPersonalData, reason: options.reason ?? null },
      },
      audit,
    );
    return created;
  });

  const document: ExportDocument = {
    jobId: job.id,
    title: grid.title,
    filterText,
    columns: columns.map((key) => ({ key, label: grid.columns[key].label, type: grid.columns[key].type })),
    generatedAt: new Date(job.started_at),
    generatedBy: actor.email,
    reason: options.reason,
  };
  const body = new DigestStream();
  let written = 0;
  const counted = async function* (rows: AsyncIterable<ExportCellValue[]>) {
    for await (const row of rows) {
      written += 1;
      yield row;
    }
  };
  const writer = writerFor(options);
  const done = (async () => {
    try {
      const { rowCount } = await writer(counted(cells(gridRows(em, grid, query), grid, columns)), document, body);
      const { sha256, sizeBytes } = body.digest;
      return await finishJob(em, audit, job.id, { state: 'completed', rowCount, sizeBytes, sha256 });
    } catch (error) {
      const cancelled = body.destroyed && !body.writableFinished;
      if (!cancelled) console.error(error);
      body.destroy(cancelled ? undefined : new Error('The export failed.'));
      return finishJob(em, audit, job.id, {
        state: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? 'The download was cancelled.' : 'The export failed; the error was logged.',
        rowCount: written,
      });
    }
  })();

  const stamp = document.generatedAt.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return {
    job,
    body,
    fileName: `${gridId}-${stamp}-${job.id.slice(0, 8)}.${FILE_TYPES[options.format].extension}`,
    contentType: FILE_TYPES[options.format].contentType,
    done,
  };
}

async function finishJob(em: EntityManager, audit: AuditContext, id: string, outcome: Parameters<typeof finishExportJob>[2]): Promise<ExportJobRow | null> {
  return em.fork().transactional(async (tx) => {
    const row = await finishExportJob(tx, id, outcome);
    if (row) {
      const { state, rowCount } = outcome;
      const details = outcome.state === 'completed' ? { sha256: outcome.sha256, sizeBytes: outcome.sizeBytes } : { error: outcome.error };
      await recordAuditEvent(
        tx,
        { action: `EXPORT_${state.toUpperCase()}`, tableName: 'export_jobs', recordId: id, newValues: { state, rowCount, ...details } },
        audit,
      );
    }
    return row;
  });
}

function toSearchParams(params: Record<string, string | string[] | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const item of value === undefined ? [] : [value].flat()) search.append(key, item);
  return search;
}
