import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Writable } from 'node:stream';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hasPermission, type Role } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { formatSort, type SearchParams, type SortItem } from '@/lib/list-query/list-query.schemas';
import { withCountCap, type ListTotal } from '@/lib/list-query/total';
import type { ExportDocument, ExportWriter } from './export-document';
import type { ExportCellValue, ExportContext, ExportGrid } from './export-grid';
import { exportGridOrNull } from './export-grids';
import { insertExportJob, type ExportJobRow, type NewExportJob } from './export.repository';
import { EXPORT_OPTION_PARAMS, exportOptionsSchema, type ExportFormat, type ExportOptions } from './export.schemas';
import { csvWriter } from './writers/csv';
import { ndjsonWriter } from './writers/ndjson';
import { pdfWriter } from './writers/pdf';
import { xlsxWriter } from './writers/xlsx';

/** Rows fetched per query: the grid's own page query, run with a larger page (flat memory: one batch at a time). */
export const EXPORT_BATCH_ROWS = 1_000;

export const FILE_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  ndjson: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
};

export function writerFor(options: ExportOptions): ExportWriter {
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

export type GridQuery = {
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

/**
 * The grid's rows as cells, in its order, page after page of its own query, inside one read-only
 * snapshot so the file is consistent. With unmasked phones, each page's numbers are decrypted in one
 * batch in the same snapshot and written in the phone column's place.
 */
async function* gridCells(em: EntityManager, { grid, query, context, columns, unmaskedPhones }: ExportPlan): AsyncGenerator<ExportCellValue[][]> {
  const unmask = unmaskedPhones ? grid.unmaskablePhone : undefined;
  const snapshot = em.fork();
  await snapshot.begin({ isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  try {
    let cursor: string | undefined;
    do {
      const page = await grid.findPage(snapshot, { ...query, pageSize: EXPORT_BATCH_ROWS, cursor, direction: 'next' }, context);
      const phones = unmask
        ? await unmask.decrypt(
            snapshot,
            page.rows.flatMap((row) => unmask.rowKey(row) ?? []),
          )
        : new Map<string, string>();
      const mappers = columns.map((column) =>
        unmask?.column === column ? (row: unknown) => phones.get(unmask.rowKey(row) ?? '') ?? null : grid.columns[column].value,
      );
      yield page.rows.map((row) => mappers.map((value) => value(row)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  } finally {
    await snapshot.rollback();
  }
}

/** An export checked and parsed: which grid, which rows (the grid's own query), which columns, in which format. */
export type ExportPlan = {
  gridId: string;
  grid: ExportGrid;
  /** Whom the grid's query runs for (its page would run it for the same admin). */
  context: ExportContext;
  options: ExportOptions;
  query: GridQuery;
  columns: string[];
  hasPersonalData: boolean;
  /** The phone column holds full numbers, decrypted on the server (decision 075). */
  unmaskedPhones: boolean;
  filterText: string;
  /** The grid's URL parameters without `columns`, as the record keeps them. */
  filter: Record<string, string>;
};

/**
 * Checks an export of `gridId` for `params` (the grid's URL parameters plus `format`, `bom`, `reason`)
 * against the role: the grid's own read permission, a known grid, a valid query, a reason for personal data.
 */
export function planExport({ actor, gridId, params }: { actor: { id: string; role: Role }; gridId: string; params: SearchParams }): ExportPlan {
  const { role } = actor;
  const context: ExportContext = { actorId: actor.id, role };
  const grid = exportGridOrNull(gridId);
  if (!grid) throw new AppError('NOT_FOUND', `There is no grid "${gridId}" to export.`);
  if (!hasPermission(role, grid.permission)) throw new AppError('FORBIDDEN', 'Your role does not give access to this grid.');
  const all = params instanceof URLSearchParams ? params : toSearchParams(params);
  const split = splitExportParams(all);
  const options = exportOptionsSchema.parse(Object.fromEntries(split.options));
  const query = grid.schema.parse(split.grid) as GridQuery;
  const refused = grid.refuse?.(query, context);
  if (refused) throw new AppError('FORBIDDEN', refused);
  // A column the role does not see on the page (an identity hash) is left out the same way.
  const columns = query.columns.filter(
    (column) => column in grid.columns && (!grid.columns[column].permission || hasPermission(role, grid.columns[column].permission)),
  );
  const hasPersonalData = columns.some((column) => grid.columns[column].personal);
  if (hasPersonalData && !options.reason) {
    throw new AppError('VALIDATION', 'These columns hold personal data: give a reason for the export.', {
      reason: ['Say why this personal data is exported.'],
    });
  }
  const unmaskedPhones = options.unmaskPhones && checkUnmaskedPhones(grid, role, columns);
  const filter = Object.fromEntries([...split.grid].filter(([key]) => key !== 'columns'));
  return { gridId, grid, context, options, query, columns, hasPersonalData, unmaskedPhones, filterText: describeFilter(grid, split.grid, query), filter };
}

/** Full phone numbers need a grid with an unmaskable phone column, shown, and a role that may reveal them (the reason is checked above). */
function checkUnmaskedPhones(grid: ExportGrid, role: Role, columns: string[]): true {
  if (!grid.unmaskablePhone) throw new AppError('VALIDATION', 'This grid has no phone numbers to export in full.');
  if (!hasPermission(role, 'users:reveal-pii')) throw new AppError('FORBIDDEN', 'Your role may not export full phone numbers: export the masked ones instead.');
  if (!columns.includes(grid.unmaskablePhone.column)) {
    throw new AppError('VALIDATION', 'Show the phone column to export full phone numbers.');
  }
  return true;
}

/**
 * How many rows the export will hold, as the grid's own page query counts them: an estimate unfiltered,
 * and filtered an exact count up to `cap` (the background threshold; "at least `cap`" above it) rather
 * than the page's 1,000, so a large filtered export is sized and queued too (decision 072).
 */
export async function countExportRows(em: EntityManager, plan: ExportPlan, cap?: number): Promise<ListTotal | null> {
  const find = () => plan.grid.findPage(em, { ...plan.query, pageSize: 1, cursor: undefined, direction: 'next' }, plan.context);
  const page = await (cap === undefined ? find() : withCountCap(cap, find));
  return page.total ?? null;
}

/** Inserts the export's record and its audit entry (`action`) in one transaction. */
export async function recordExportJob(
  em: EntityManager,
  {
    plan,
    actor,
    audit,
    action,
    extra = {},
    auditValues = {},
  }: { plan: ExportPlan; actor: Actor; audit: AuditContext; action: string; extra?: Partial<NewExportJob>; auditValues?: Record<string, unknown> },
): Promise<ExportJobRow> {
  const { gridId, options, filter, columns, hasPersonalData, unmaskedPhones, query } = plan;
  return em.fork().transactional(async (tx) => {
    const created = await insertExportJob(tx, {
      requestedBy: actor.id,
      requestedByLabel: actor.email,
      grid: gridId,
      format: options.format,
      filter,
      filterText: plan.filterText,
      sort: formatSort(query.sort),
      columns,
      hasPersonalData,
      unmaskedPii: unmaskedPhones,
      reason: options.reason,
      ...extra,
    });
    await recordAuditEvent(
      tx,
      {
        action,
        tableName: 'export_jobs',
        recordId: created.id,
        newValues: {
          grid: gridId,
          format: options.format,
          filter,
          sort: created.sort,
          columns,
          hasPersonalData,
          ...(unmaskedPhones ? { unmaskedPhones: true } : {}),
          reason: options.reason ?? null,
          ...auditValues,
        },
      },
      audit,
    );
    return created;
  });
}

/** The provenance the file carries. */
export function exportDocumentOf(plan: ExportPlan, job: ExportJobRow, overrides: Partial<ExportDocument> = {}): ExportDocument {
  return {
    jobId: job.id,
    title: plan.grid.title,
    filterText: plan.filterText,
    columns: plan.columns.map((key) => ({ key, label: columnLabel(plan, key), type: plan.grid.columns[key].type })),
    generatedAt: new Date(job.started_at),
    generatedBy: job.requested_by_label,
    reason: plan.options.reason,
    unmaskedPhones: plan.unmaskedPhones,
    ...overrides,
  };
}

function columnLabel(plan: ExportPlan, key: string): string {
  return plan.unmaskedPhones && plan.grid.unmaskablePhone?.column === key ? plan.grid.unmaskablePhone.label : plan.grid.columns[key].label;
}

/** Writes the plan's rows to `out` in its format; `onRows` sees the count after each page of rows. */
export async function writeExport(
  em: EntityManager,
  { plan, document, out, onRows }: { plan: ExportPlan; document: ExportDocument; out: Writable; onRows?: (written: number) => void | Promise<void> },
): Promise<{ rowCount: number }> {
  let written = 0;
  const counted = async function* (pages: AsyncIterable<ExportCellValue[][]>) {
    for await (const page of pages) {
      written += page.length;
      await onRows?.(written);
      yield page;
    }
  };
  return writerFor(plan.options)(counted(gridCells(em, plan)), document, out);
}

export function exportFileName(plan: ExportPlan, job: ExportJobRow): string {
  const stamp = new Date(job.started_at).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${plan.gridId}-${stamp}-${job.id.slice(0, 8)}.${FILE_TYPES[plan.options.format].extension}`;
}

export function toSearchParams(params: Record<string, string | string[] | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const item of value === undefined ? [] : [value].flat()) search.append(key, item);
  return search;
}
