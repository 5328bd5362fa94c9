import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { Permission, Role } from '@/lib/auth/permissions';
import type { ListTotal } from '@/lib/list-query/total';

/**
 * How a cell is written: `text` as a string; `integer` and `decimal` as numbers (a decimal is an exact
 * decimal string, written as a number only where that number is exact); `datetime` as a date (UTC);
 * `json` as compact JSON text.
 */
export type ExportCellType = 'text' | 'integer' | 'decimal' | 'datetime' | 'json';
export type ExportCellValue = string | number | Date | null;

export type ExportColumn<Row> = {
  label: string;
  type: ExportCellType;
  value: (row: Row) => ExportCellValue;
  /** Holds personal data: exported only masked, and the export is recorded with a reason (decision 049). */
  personal?: boolean;
  /** A column only some roles see (an identity hash): left out of the export, as the grid leaves it out, for a role without it. */
  permission?: Permission;
};

/** Who the export runs for: some grids' queries depend on the viewer (the KYC queue's "mine", identities shown or not). */
export type ExportContext = { actorId: string; role: Role };

/** A list query as the registry sees it: the parsed query object of the grid's own schema. */
type ParsedQuery = { columns: string[]; cursor?: string; direction: 'next' | 'prev'; pageSize: number };

/**
 * One exportable grid: its list-query schema (the same one its page parses), the repository function
 * its page calls for one page, and how each of the query's columns is written. Adding a grid to the
 * exports is one `defineExportGrid` entry in `export-grids.ts`.
 */
export type ExportGrid<Query extends ParsedQuery = ParsedQuery, Row = unknown> = {
  title: string;
  /** The permission that opens the grid's page; an export needs it as well as `exports:create`. */
  permission: Permission;
  /** The grid's page and, when the page holds several grids, the URL scope of this one's parameters. */
  page: { path: string; scope?: string };
  schema: z.ZodType<Query, unknown> & { spec: { columns: readonly string[] } };
  /** The grid's own page query (the repository function its page calls), with the total its page shows (sizes a background export). */
  findPage: (em: EntityManager, query: Query, context: ExportContext) => Promise<{ rows: Row[]; nextCursor: string | null; total?: ListTotal }>;
  /** Why the role may not run this query, as the grid's page refuses it (e.g. a search by identity hash without the identity permission). */
  refuse?: (query: Query, context: ExportContext) => string | null;
  columns: { [Column in Query['columns'][number]]: ExportColumn<NoInfer<Row>> };
  /**
   * The masked phone column an export may write in full (decisions 075, 076): the column's key, its label then,
   * the key each row's number is found by, and how a page's numbers are decrypted by those keys in one batch.
   */
  unmaskablePhone?: {
    column: Query['columns'][number];
    label: string;
    rowKey: (row: NoInfer<Row>) => string | null;
    decrypt: (em: EntityManager, keys: string[]) => Promise<Map<string, string>>;
  };
};

/** Keeps the query and row types of one grid's entry tied together; the registry holds them erased. */
export function defineExportGrid<Query extends ParsedQuery, Row>(grid: ExportGrid<Query, Row>): ExportGrid {
  return grid as unknown as ExportGrid;
}
