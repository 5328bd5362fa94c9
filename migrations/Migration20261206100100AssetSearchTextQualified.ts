import { Migration } from '@mikro-orm/migrations';

/**
 * `asset_search_text` (PL/pgSQL, so its body is looked up at run time) called `search_fold` unqualified.
 * From PostgreSQL 17 on, ANALYZE, VACUUM, CREATE INDEX and REINDEX evaluate index expressions with
 * `search_path = pg_catalog, pg_temp`, so on the embedded server (18) an import that analyses `assets`
 * failed with "function search_fold(text) does not exist". The schema-qualified call finds it under any
 * search path; the result, and so the trigram index, is unchanged.
 */
export class Migration20261206100100AssetSearchTextQualified extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION asset_search_text(title text, category text, description text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000
        AS $$ BEGIN RETURN public.search_fold(coalesce(title, '') || ' ' || coalesce(category, '') || ' ' || coalesce(description, '')); END $$;
    `);
  }
}
