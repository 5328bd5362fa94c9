import { Migration } from '@mikro-orm/migrations';

/**
 * Asset search folds the spellings Arabic writers mix (decision 045): hamza forms of alef (أ إ آ ٱ)
 * to bare alef, alef maqsura (ى) to yaa, taa marbuta (ة) to haa, and drops diacritics (harakat,
 * tanween, shadda, sukun, dagger alef) and tatweel. "اسوان" then finds "أسوان" and "مدينة" finds
 * "مدينه". Both search arms fold: the text-search document and the trigram text. The query text is
 * folded the same way in code (`foldSearchText`, lib/list-query/search.ts), which must stay in step
 * with `search_fold` here.
 *
 * The stored document is dropped and added again (a table rewrite, no row triggers, so no audit
 * entry per asset) because a stored generated column is only recomputed when its row is written.
 */
// Diacritics (U+064B–U+065F, U+0670) and tatweel (U+0640): characters `translate` deletes, having no counterpart.
const MARKS = [...Array.from({ length: 0x065f - 0x064b + 1 }, (_, index) => 0x064b + index), 0x0670, 0x0640].map((code) => String.fromCodePoint(code)).join('');

export class Migration20261205210000ArabicSearchFolding extends Migration {
  readonly name = 'Migration20261205210000ArabicSearchFolding';

  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        -- One pass of translate (no regular expression): folding runs on every candidate row a trigram search rechecks.
        RETURN translate(value, 'أإآٱىة${MARKS}', 'اااايه');

      ALTER TABLE assets DROP COLUMN search_document;
      CREATE OR REPLACE FUNCTION asset_search_document(title text, category text, description text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN setweight(to_tsvector('simple'::regconfig, search_fold(coalesce(title, ''))), 'A')
            || setweight(to_tsvector('simple'::regconfig, search_fold(coalesce(category, ''))), 'B')
            || setweight(to_tsvector('simple'::regconfig, search_fold(coalesce(description, ''))), 'C');
      CREATE OR REPLACE FUNCTION asset_search_text(title text, category text, description text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000
        AS $$ BEGIN RETURN search_fold(coalesce(title, '') || ' ' || coalesce(category, '') || ' ' || coalesce(description, '')); END $$;
      ALTER TABLE assets ADD COLUMN search_document tsvector GENERATED ALWAYS AS (asset_search_document(title, category, description)) STORED;
      CREATE INDEX assets_search_document_idx ON assets USING gin (search_document);
      REINDEX INDEX assets_search_text_trgm_idx;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ALTER TABLE assets DROP COLUMN search_document;
      CREATE OR REPLACE FUNCTION asset_search_document(title text, category text, description text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce(category, '')), 'B')
            || setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'C');
      CREATE OR REPLACE FUNCTION asset_search_text(title text, category text, description text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000
        AS $$ BEGIN RETURN coalesce(title, '') || ' ' || coalesce(category, '') || ' ' || coalesce(description, ''); END $$;
      ALTER TABLE assets ADD COLUMN search_document tsvector GENERATED ALWAYS AS (asset_search_document(title, category, description)) STORED;
      CREATE INDEX assets_search_document_idx ON assets USING gin (search_document);
      REINDEX INDEX assets_search_text_trgm_idx;
      DROP FUNCTION search_fold(text);
    `);
  }
}
