import { columnPlan, type SourceMapping } from './source-mapping';

/**
 * The CREATE TABLE for a mapping's table: provenance columns, then the typed columns in mapping order.
 * Used only to draft migrations (`npm run migrate:ddl`); migrations themselves are static SQL.
 */
export function legacyTableDdl(mapping: SourceMapping): string {
  const typed = columnPlan(mapping).map((column) => `  ${column.name} ${column.sqlType}`);
  return [
    `CREATE TABLE ${mapping.table} (`,
    `  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),`,
    `  legacy_source varchar(40) NOT NULL DEFAULT '${mapping.source}' CHECK (legacy_source = '${mapping.source}'),`,
    `  legacy_key text NOT NULL UNIQUE,`,
    `  legacy_position integer NOT NULL,`,
    `  legacy_hash char(64) NOT NULL,`,
    `  legacy_layout jsonb,`,
    `  extra jsonb NOT NULL DEFAULT '{}',`,
    ...typed.map((line) => `${line},`),
    `  imported_at timestamptz NOT NULL DEFAULT now(),`,
    `  updated_at timestamptz NOT NULL DEFAULT now()`,
    `);`,
  ].join('\n');
}
