import { defineEntity } from '@mikro-orm/core';
import type { RecordLayout } from '@/lib/migration/record-layout';

const p = defineEntity.properties;

/**
 * The provenance columns every table the migration engine creates starts with (lib/migration/legacy-table-ddl.ts):
 * which source and key a row came from, its position and canonical hash in the legacy file, how to rebuild
 * the record's exact layout, and `extra` for every field no typed column holds. They are what makes the
 * import lossless, so the app reads them but never rewrites them by hand.
 *
 * `legacy_source` is a one-value enum: PostgreSQL's `CHECK (legacy_source = '<source>')` is what MikroORM reads
 * back as an enum, under the same name (`<table>_legacy_source_check`). The unique constraint keeps
 * PostgreSQL's name (`<table>_legacy_key_key`), spelled out so the schema diff matches the migrated tables.
 */
export function legacyRecordProperties(tableName: string, source: string, { partitioned = false } = {}) {
  return {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    legacySource: p.enum([source]).columnType('varchar(40)').default(source),
    // A partitioned table (decision 071) keeps legacy_key unique through its keys table; it has a plain index.
    legacyKey: partitioned ? p.text().index(`${tableName}_legacy_key_idx`) : p.text().unique(`${tableName}_legacy_key_key`),
    legacyPosition: p.integer(),
    legacyHash: p.character().length(64),
    legacyLayout: p.json<RecordLayout>().nullable(),
    extra: p.json<Record<string, unknown>>().defaultRaw(`'{}'`),
    importedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  };
}
