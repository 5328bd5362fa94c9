import { Migration } from '@mikro-orm/migrations';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { sealPii, unsealPii } from '@/lib/migration/sealed-pii';

const BATCH_ROWS = 5_000;

/** A column of JSON (jsonb, or text holding JSON) and how one stored value is rewritten. */
type JsonColumn = { name: string; sqlType: 'jsonb' | 'text'; rewrite: (value: JsonValue, row: Record<string, unknown>) => JsonValue };

type Rewrite = (value: JsonValue, member?: string) => JsonValue;

/**
 * Seals the phone numbers an already-imported database holds in clear inside legacy JSON (decision 064):
 * every jsonb column of the legacy tables (`extra`, log `data`, transaction `metadata`, …), the raw text
 * of quarantined records and the mismatch values, exactly as the import now writes them, so an existing
 * database ends up as a fresh import would. Part of the schema change, so it skips the per-row audit
 * entries like a bulk import (`pend.bulk_load`, honoured for the schema owner only). The audit trail's
 * older copies are left alone: rewriting them would break its hash chain. `down` unseals everything.
 */
export class Migration20261206040000SealLegacyPii extends Migration {
  readonly name = 'Migration20261206040000SealLegacyPii';

  override async up(): Promise<void> {
    await this.rewriteAll(sealPii);
  }

  override async down(): Promise<void> {
    await this.rewriteAll(unsealPii);
  }

  private async rewriteAll(rewrite: Rewrite): Promise<void> {
    await this.execute(`SELECT set_config('pend.bulk_load', 'on', true)`);
    for (const mapping of Object.values(SOURCE_MAPPINGS)) {
      const columns = await this.jsonbColumns(mapping!.table);
      await this.rewriteTable(
        mapping!.table,
        'uuid',
        columns.map((name) => ({ name, sqlType: 'jsonb', rewrite: (value) => rewrite(value) })),
      );
    }
    await this.rewriteTable('migration_quarantine', 'uuid', [{ name: 'raw_text', sqlType: 'text', rewrite: (value) => rewrite(value) }]);
    await this.rewriteTable('migration_mismatches', 'bigint', [
      { name: 'legacy_value', sqlType: 'jsonb', rewrite: (value, row) => rewrite(value, row.field as string) },
      { name: 'db_value', sqlType: 'jsonb', rewrite: (value, row) => rewrite(value, row.field as string) },
    ]);
  }

  /** The table's jsonb columns except the layout patch (member names and orders only). */
  private async jsonbColumns(table: string): Promise<string[]> {
    const rows = (await this.execute(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ? AND data_type = 'jsonb' AND column_name <> 'legacy_layout' ORDER BY column_name`,
      [table],
    )) as Array<{ column_name: string }>;
    return rows.map((row) => row.column_name);
  }

  /** Every row in id order, in batches; only rows whose text changes are written. */
  private async rewriteTable(table: string, idType: 'uuid' | 'bigint', columns: JsonColumn[]): Promise<void> {
    if (!columns.length) return;
    const extraColumn = table === 'migration_mismatches' ? ', field' : '';
    let after: string | null = null;
    for (;;) {
      const rows = (await this.execute(
        `SELECT id::text AS id${extraColumn}, ${columns.map((column) => `${column.name}::text AS "${column.name}"`).join(', ')} FROM ${table}
          ${after === null ? '' : `WHERE id > ?::${idType}`} ORDER BY id LIMIT ${BATCH_ROWS}`,
        after === null ? [] : [after],
      )) as Array<Record<string, string | null>>;
      if (rows.length === 0) return;
      const changed = rows.flatMap((row) => {
        let differs = false;
        const values = Object.fromEntries(
          columns.map((column) => {
            const text = row[column.name];
            if (text === null) return [column.name, null];
            const rewritten = JSON.stringify(column.rewrite(JSON.parse(text) as JsonValue, row));
            if (rewritten !== JSON.stringify(JSON.parse(text))) differs = true;
            return [column.name, rewritten];
          }),
        );
        return differs ? [{ id: row.id, ...values }] : [];
      });
      if (changed.length) {
        await this.execute(
          `UPDATE ${table} AS t SET ${columns.map((column) => `${column.name} = v.${column.name}::${column.sqlType}`).join(', ')}
             FROM jsonb_to_recordset(?::jsonb) AS v(id ${idType}, ${columns.map((column) => `${column.name} text`).join(', ')})
            WHERE t.id = v.id`,
          [JSON.stringify(changed)],
        );
      }
      after = rows[rows.length - 1].id!;
    }
  }
}
