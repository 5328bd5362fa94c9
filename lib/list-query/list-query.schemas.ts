import { z } from 'zod';
import type { CursorValueType, IdType } from './cursor';

/**
 * The list-query contract every grid, export and list route shares (decision 038). A grid declares its
 * sortable columns, filters and columns once with `defineListQuery`; the result parses the page's URL
 * search params into a typed query the repository runs. Plain zod, no server imports: the grid's URL
 * state builds on the same definition.
 *
 * URL form (one parameter per concern, so a filter resets by deleting its key):
 * - `q=text`                            search text (trimmed, ≤ 200 characters)
 * - `sort=created.desc,title.asc`       sortable columns in priority order; the id breaks ties
 * - `status=active,paused`              multi-select filter (comma-separated; fixed values, or any for `values`)
 * - `created=2026-01-01..2026-03-31`    date range: inclusive days (or ISO timestamps); either side may be empty
 * - `invested=1000..50000`              number range: inclusive decimals; either side may be empty
 * - `hasContract=true`                  boolean filter
 * - `columns=title,status`              visible columns, in order
 * - `pageSize=50`                       25, 50, 100 or 200
 * - `cursor=…&direction=next|prev`      keyset position (opaque; from the previous page's result)
 */

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export type SortDirection = 'asc' | 'desc';
export type SortItem<Column extends string = string> = { column: Column; direction: SortDirection };

export type EnumFilter<Value extends string = string> = { kind: 'enum'; values: readonly [Value, ...Value[]] };
/** A multi-select over an open set (values the data holds, e.g. audited table names), each matching `pattern`. */
export type ValuesFilter = { kind: 'values'; pattern: RegExp };
export type DateRangeFilter = { kind: 'dateRange' };
export type NumberRangeFilter = { kind: 'numberRange' };
export type BooleanFilter = { kind: 'boolean' };
export type FilterSpec = EnumFilter | ValuesFilter | DateRangeFilter | NumberRangeFilter | BooleanFilter;

export const filters = {
  enum: <const Value extends string>(values: readonly [Value, ...Value[]]): EnumFilter<Value> => ({ kind: 'enum', values }),
  values: (pattern: RegExp): ValuesFilter => ({ kind: 'values', pattern }),
  dateRange: (): DateRangeFilter => ({ kind: 'dateRange' }),
  numberRange: (): NumberRangeFilter => ({ kind: 'numberRange' }),
  boolean: (): BooleanFilter => ({ kind: 'boolean' }),
};

/** `from` inclusive, `before` exclusive, both ISO timestamps (a `to` day means "before the next day"). */
export type DateRange = { from?: string; before?: string };
/** Inclusive bounds as decimal strings (money is never a float). */
export type NumberRange = { min?: string; max?: string };

type FilterValue<Spec extends FilterSpec> =
  Spec extends EnumFilter<infer Value>
    ? Value[]
    : Spec extends ValuesFilter
      ? string[]
      : Spec extends DateRangeFilter
        ? DateRange
        : Spec extends NumberRangeFilter
          ? NumberRange
          : boolean;

export type ListQuerySpec = {
  /** Sortable columns and the type of their values (what a cursor may hold for them). */
  sortable: Readonly<Record<string, CursorValueType>>;
  defaultSort: readonly SortItem[];
  /** The sort when there is search text and no `sort` parameter (e.g. relevance first). */
  searchSort?: readonly SortItem[];
  filters: Readonly<Record<string, FilterSpec>>;
  columns: readonly [string, ...string[]];
  defaultColumns?: readonly string[];
  defaultPageSize?: PageSize;
  /** The type of the tiebreak id (what the cursor's id must look like). */
  idType?: IdType;
};

export type ListQuery<Spec extends ListQuerySpec> = {
  q?: string;
  sort: SortItem<Extract<keyof Spec['sortable'], string>>[];
  filters: { [Name in keyof Spec['filters']]?: FilterValue<Spec['filters'][Name]> };
  columns: Spec['columns'][number][];
  pageSize: PageSize;
  /** The raw cursor; the repository decodes it against the sort (`decodeCursor`). */
  cursor?: string;
  direction: 'next' | 'prev';
};

export type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d{1,30}(?:\.\d{1,18})?$/;
const RESERVED = new Set(['q', 'sort', 'columns', 'pageSize', 'cursor', 'direction']);

/** The sort as it appears in the URL and in cursors: `created.desc,title.asc`. */
export function formatSort(sort: readonly SortItem[]): string {
  return sort.map((item) => `${item.column}.${item.direction}`).join(',');
}

function parseDateBound(text: string, ctx: z.RefinementCtx, end: boolean): string | undefined {
  if (text === '') return undefined;
  const time = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a date (YYYY-MM-DD or an ISO timestamp).` });
    return undefined;
  }
  // An end day is inclusive: everything before the next day.
  return new Date(end && DATE_ONLY.test(text) ? time + 86_400_000 : time).toISOString();
}

function filterSchema(spec: FilterSpec): z.ZodType {
  switch (spec.kind) {
    case 'enum':
      return z
        .string()
        .transform((text) => text.split(','))
        .pipe(z.array(z.enum(spec.values as [string, ...string[]])).min(1))
        .transform((values) => [...new Set(values)]);
    case 'values':
      return z
        .string()
        .transform((text) => text.split(','))
        .pipe(z.array(z.string().regex(spec.pattern, 'Unknown filter value.')).min(1).max(100))
        .transform((values) => [...new Set(values)]);
    case 'boolean':
      return z.enum(['true', 'false']).transform((text) => text === 'true');
    case 'dateRange':
    case 'numberRange':
      return z.string().transform((text, ctx) => {
        const parts = text.split('..');
        if (parts.length !== 2 || (parts[0] === '' && parts[1] === '')) {
          ctx.addIssue({ code: 'custom', message: 'Use from..to; either side may be empty.' });
          return z.NEVER;
        }
        if (spec.kind === 'dateRange') {
          const range: DateRange = { from: parseDateBound(parts[0], ctx, false), before: parseDateBound(parts[1], ctx, true) };
          if (range.from && range.before && range.from >= range.before) ctx.addIssue({ code: 'custom', message: 'The range ends before it starts.' });
          return range;
        }
        for (const part of parts) {
          if (part !== '' && !DECIMAL.test(part)) ctx.addIssue({ code: 'custom', message: `"${part}" is not a number.` });
        }
        const range: NumberRange = { min: parts[0] || undefined, max: parts[1] || undefined };
        if (range.min && range.max && Number(range.min) > Number(range.max)) ctx.addIssue({ code: 'custom', message: 'The minimum is above the maximum.' });
        return range;
      });
  }
}

/**
 * Builds a grid's list-query schema. Its input is the page's `searchParams` (or a URLSearchParams);
 * a parameter given twice, an unknown sort column, a bad filter value or a bad page size fails with
 * an issue under that parameter's name (the wrappers turn a ZodError into VALIDATION).
 */
export function defineListQuery<const Spec extends ListQuerySpec>(spec: Spec) {
  for (const name of Object.keys(spec.filters)) {
    if (RESERVED.has(name)) throw new Error(`filter name "${name}" is reserved by the list query`);
  }
  const sortable = Object.keys(spec.sortable) as [string, ...string[]];
  const columnSet = new Set<string>(spec.columns);
  const single = z.string({ message: 'Give this parameter once.' });

  const sortSchema = z
    .string()
    .max(500)
    .transform((text, ctx) => {
      const items = text.split(',').map((part) => {
        const [column, direction, ...rest] = part.split('.');
        if (!sortable.includes(column) || (direction !== 'asc' && direction !== 'desc') || rest.length) {
          ctx.addIssue({ code: 'custom', message: `Sort by one of ${sortable.join(', ')}, as column.asc or column.desc.` });
        }
        return { column, direction: direction as SortDirection };
      });
      if (new Set(items.map((item) => item.column)).size !== items.length) ctx.addIssue({ code: 'custom', message: 'A column is sorted twice.' });
      return items;
    });

  const columnsSchema = z
    .string()
    .transform((text) => text.split(','))
    .pipe(z.array(z.string().refine((column) => columnSet.has(column), 'Unknown column.')).min(1))
    .transform((columns) => [...new Set(columns)]);

  const shape: Record<string, z.ZodType> = {
    q: single
      .trim()
      .max(200)
      .optional()
      .transform((text) => text || undefined),
    sort: sortSchema.optional(),
    columns: columnsSchema.optional().transform((columns) => columns ?? [...(spec.defaultColumns ?? spec.columns)]),
    pageSize: z
      .enum(PAGE_SIZES.map(String) as [string, ...string[]], { message: `Page size is one of ${PAGE_SIZES.join(', ')}.` })
      .optional()
      .transform((size) => (size ? (Number(size) as PageSize) : (spec.defaultPageSize ?? 50))),
    cursor: single.regex(/^[A-Za-z0-9_-]{1,8000}$/, 'The page link is invalid.').optional(),
    direction: z
      .enum(['next', 'prev'])
      .optional()
      .transform((direction) => direction ?? 'next'),
  };
  for (const [name, filter] of Object.entries(spec.filters)) shape[name] = filterSchema(filter).optional();

  const defaultSortFor = (q: string | undefined): SortItem[] => ((q && spec.searchSort) || spec.defaultSort).map((item) => ({ ...item }));

  const schema = z
    .preprocess((input) => flattenSearchParams(input), z.object(shape))
    .superRefine((query, ctx) => {
      if (query.direction === 'prev' && !query.cursor) ctx.addIssue({ code: 'custom', path: ['direction'], message: 'A previous page needs a cursor.' });
    })
    .transform((parsed) => {
      const filterValues: Record<string, unknown> = {};
      for (const name of Object.keys(spec.filters)) if (parsed[name] !== undefined) filterValues[name] = parsed[name];
      return {
        q: parsed.q,
        sort: (parsed.sort as SortItem[] | undefined) ?? defaultSortFor(parsed.q as string | undefined),
        filters: filterValues,
        columns: parsed.columns,
        pageSize: parsed.pageSize,
        cursor: parsed.cursor,
        direction: parsed.direction,
      } as ListQuery<Spec>;
    });
  // The definition travels with the schema: the repository checks cursors against `spec.sortable`.
  return Object.assign(schema, { spec });
}

/** Search params as one string per key; a repeated key stays an array so the schema reports it. */
function flattenSearchParams(input: unknown): unknown {
  if (input instanceof URLSearchParams) {
    const record: Record<string, string | string[]> = {};
    for (const key of new Set(input.keys())) {
      const all = input.getAll(key);
      record[key] = all.length === 1 ? all[0] : all;
    }
    return record;
  }
  return input;
}

/** Whether the query narrows the rows (search or any filter): an unfiltered list gets an estimated total. */
export function isFiltered(query: { q?: string; filters: Record<string, unknown> }): boolean {
  return query.q !== undefined || Object.values(query.filters).some((value) => value !== undefined);
}

/**
 * One grid's parameters when a page holds several: `runs.sort=…&runs.q=…` becomes `sort=…&q=…` for the
 * grid scoped `runs`; other grids' parameters are left out.
 */
export function scopeSearchParams(params: SearchParams, scope: string): Record<string, string | string[]> {
  const entries = params instanceof URLSearchParams ? [...new Set(params.keys())].map((key) => [key, params.getAll(key)] as const) : Object.entries(params);
  const scoped: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    if (value === undefined || !key.startsWith(`${scope}.`)) continue;
    scoped[key.slice(scope.length + 1)] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  }
  return scoped;
}
