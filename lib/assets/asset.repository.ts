import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, resolveCursor, type KeysetColumn, type KeysetPageInput } from '@/lib/list-query/keyset';
import { isFiltered, type SortItem } from '@/lib/list-query/list-query.schemas';
import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import { containsPattern, foldSearchText, prefixTsQuery } from '@/lib/list-query/search';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal, type ListTotalInput } from '@/lib/list-query/total';
import { PUBLISH_REQUIREMENTS } from './publish-requirements';
import { toAssetListRowDto, type AssetListRow, type AssetListRowDto } from './asset.dto';
import { listAssetQuerySchema, type ListAssetQueryInput } from './asset.schemas';

/** The indexed search document (a stored generated column) and the trigram index's expression (migration ListQueryIndexes). */
export const ASSET_SEARCH_DOCUMENT = sql.raw('a.search_document');
export const ASSET_SEARCH_TEXT = sql.raw('asset_search_text(a.title, a.category, a.description)');

const SELECT = sql.raw(`a.id, a.opportunity_id, a.title, a.type, a.status, a.status_legacy, a.category, a.created_at, a.total_invested::text AS total_invested,
  a.investor_count, a.expected_roi::text AS expected_roi, a.minimum_investment::text AS minimum_investment, a.deadline,
  a.min_tier_required, a.contract_address, a.token_symbol, a.location, a.image_path`);
const FROM = sql.raw('assets a');

type SortColumn = ListAssetQueryInput['sort'][number]['column'];

/**
 * How many matches a relevance-sorted search ranks: ranking reads each match's document, and a term
 * found in 40% of 100,000 assets took 0.7 s. Beyond this many matches the ranking covers the first
 * ones the index yields (the total then says "1,000+"); a column sort still sees every match.
 */
export const RANKED_SEARCH_CANDIDATES = 2000;

const SORT_COLUMNS: Record<Exclude<SortColumn, 'relevance'>, KeysetColumn> = {
  created: { expr: sql.raw('a.created_at'), cast: 'timestamptz', nullable: true },
  totalInvested: { expr: sql.raw('a.total_invested'), cast: 'numeric', nullable: true },
  investors: { expr: sql.raw('a.investor_count'), cast: 'integer', nullable: true },
  roi: { expr: sql.raw('a.expected_roi'), cast: 'numeric', nullable: true },
  deadline: { expr: sql.raw('a.deadline'), cast: 'timestamptz', nullable: true },
};

/**
 * Words matched by text search (prefixes of whole words), or any part of a word by trigram (Arabic
 * included). Both arms search folded text (decision 045), so the search text is folded the same way.
 */
export function assetSearchCondition(text: string): SqlFragment {
  const folded = foldSearchText(text);
  const tsQuery = prefixTsQuery(folded);
  const partial = sql`${ASSET_SEARCH_TEXT} ILIKE ${containsPattern(folded)}`;
  return tsQuery ? sql.or([sql`${ASSET_SEARCH_DOCUMENT} @@ ${tsQuery}`, partial]) : partial;
}

/** Ranking: text-search rank (title above category above description) plus a bonus when the title holds the text. */
function relevance(text: string): KeysetColumn {
  const folded = foldSearchText(text);
  const tsQuery = prefixTsQuery(folded);
  const titleBonus = sql`CASE WHEN search_fold(a.title) ILIKE ${containsPattern(folded)} THEN 1 ELSE 0 END`;
  const expr = tsQuery ? sql`(ts_rank(${ASSET_SEARCH_DOCUMENT}, ${tsQuery}) + ${titleBonus})::real` : sql`(${titleBonus})::real`;
  return { expr, cast: 'real', nullable: false };
}

/** The grid's "incomplete" filter (the "drafts missing required fields" view): any publish requirement unmet. */
export const ASSET_MISSING_REQUIRED = sql.raw(PUBLISH_REQUIREMENTS.map((requirement) => requirement.missingSql).join(' OR '));

/**
 * The list query's filters and search as SQL conditions on `assets a`: the grid's page, its total and
 * its aggregates (`asset-aggregates.ts`) all narrow the rows with exactly these.
 */
export function assetFilterConditions(query: Pick<ListAssetQueryInput, 'q' | 'filters'>): SqlFragment[] {
  const { filters } = query;
  const conditions: SqlFragment[] = [];
  if (query.q) conditions.push(assetSearchCondition(query.q));
  if (filters.type) conditions.push(sql`a.type IN (${filters.type})`);
  if (filters.status) conditions.push(sql`a.status IN (${filters.status})`);
  if (filters.category) conditions.push(sql`a.category IN (${filters.category})`);
  if (filters.created?.from) conditions.push(sql`a.created_at >= ${filters.created.from}::timestamptz`);
  if (filters.created?.before) conditions.push(sql`a.created_at < ${filters.created.before}::timestamptz`);
  if (filters.invested?.min) conditions.push(sql`a.total_invested >= ${filters.invested.min}::numeric`);
  if (filters.invested?.max) conditions.push(sql`a.total_invested <= ${filters.invested.max}::numeric`);
  if (filters.minTier) conditions.push(sql`a.min_tier_required IN (${filters.minTier.map(Number)})`);
  if (filters.hasContract !== undefined) {
    conditions.push(filters.hasContract ? sql`a.contract_address <> ''` : sql`(a.contract_address IS NULL OR a.contract_address = '')`);
  }
  if (filters.deadline?.from) conditions.push(sql`a.deadline >= ${filters.deadline.from}::timestamptz`);
  if (filters.deadline?.before) conditions.push(sql`a.deadline < ${filters.deadline.before}::timestamptz`);
  if (filters.closesWithin) {
    // Several windows picked: the widest one holds the others.
    const days = Math.max(...filters.closesWithin.map(Number));
    conditions.push(sql`a.deadline >= now() AND a.deadline < now() + make_interval(days => ${days}::int)`);
  }
  if (filters.incomplete !== undefined) conditions.push(filters.incomplete ? sql`(${ASSET_MISSING_REQUIRED})` : sql`NOT (${ASSET_MISSING_REQUIRED})`);
  return conditions;
}

const indexOrder = (item: SortItem<Exclude<SortColumn, 'relevance'>>) => {
  const direction = sql.raw(item.direction === 'asc' ? 'ASC' : 'DESC');
  return sql`${SORT_COLUMNS[item.column].expr} ${direction}, a.id ${direction}`;
};

export type AssetPage = { rows: AssetListRowDto[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

/** The page and total queries of an assets-grid query (also what the plan test and the benchmark run). */
export function assetListQueries(query: ListAssetQueryInput): { page: KeysetPageInput<SortColumn>; total: ListTotalInput } {
  // Relevance needs search text; without it the grid's default order stands in.
  const sort = query.q ? query.sort : query.sort.filter((item) => item.column !== 'relevance');
  const effectiveSort = sort.length ? sort : [{ column: 'created' as const, direction: 'desc' as const }];
  const conditions = assetFilterConditions(query);
  // Ranking reads every match; a search matching a large share of the table is ranked among the first matches found.
  const where =
    effectiveSort[0].column === 'relevance'
      ? [sql`a.id = ANY(ARRAY(SELECT a.id FROM assets a WHERE ${sql.and(conditions)} LIMIT ${RANKED_SEARCH_CANDIDATES}))`]
      : conditions;
  return {
    page: {
      select: SELECT,
      from: FROM,
      where,
      columns: { ...SORT_COLUMNS, relevance: relevance(query.q ?? '') },
      id: { expr: sql.raw('a.id'), cast: 'uuid' },
      sort: effectiveSort,
      cursor: resolveCursor({ cursor: query.cursor, sort: effectiveSort }, listAssetQuerySchema.spec.sortable, 'uuid'),
      direction: query.direction,
      pageSize: query.pageSize,
    },
    total: {
      table: 'assets',
      from: FROM,
      // Every match counts (capped far below the ranked candidates).
      where: conditions,
      filtered: isFiltered(query),
      // A search is counted through its GIN indexes; otherwise the count walks the sort's index like the page.
      orderBy: query.q ? undefined : indexOrder(effectiveSort[0] as SortItem<Exclude<SortColumn, 'relevance'>>),
    },
  };
}

/** One page of the assets grid: keyset-paged, searched and filtered in SQL, with an estimated or capped total. */
export async function findAssetPage(em: EntityManager, query: ListAssetQueryInput): Promise<AssetPage> {
  const queries = assetListQueries(query);
  const page = await findKeysetPage<AssetListRow, SortColumn>(em, queries.page);
  const total = await findListTotal(em, queries.total);
  return { rows: page.rows.map(toAssetListRowDto), nextCursor: page.nextCursor, prevCursor: page.prevCursor, total };
}

/** What the legacy `GET /api/admin/assets` filters and sorts by (lib/legacy-api/assets/asset.schemas.ts). */
export type LegacyAssetListFilter = {
  status?: string;
  type?: string;
  category?: string;
  search?: string;
  sort: 'createdAt' | 'title' | 'type' | 'status' | 'totalInvested' | 'investorCount';
  order: 'asc' | 'desc';
};

/** A member the codec could not store typed is kept in `extra` as written: the value the legacy server would compare. */
const extraText = (field: string) => sql.raw(`CASE WHEN jsonb_typeof(extra -> '${field}') = 'string' THEN extra ->> '${field}' END`);
const extraNumber = (field: string) => sql.raw(`CASE WHEN jsonb_typeof(extra -> '${field}') = 'number' THEN (extra ->> '${field}')::numeric END`);

// Text is compared as the legacy server's `localeCompare` does (ICU root order); a missing value sorts as '' and a missing amount as 0.
const LEGACY_SORT_KEYS: Record<LegacyAssetListFilter['sort'], SqlFragment> = {
  createdAt: sql.raw('created_at'),
  title: sql.raw(`coalesce(title, '') COLLATE "und-x-icu"`),
  type: sql`coalesce(type, ${extraText('type')}, '') COLLATE "und-x-icu"`,
  status: sql.raw(`coalesce(status_legacy, status) COLLATE "und-x-icu"`),
  totalInvested: sql`coalesce(total_invested, ${extraNumber('totalInvested')}, 0)`,
  investorCount: sql`coalesce(investor_count, ${extraNumber('investorCount')}, 0)`,
};

/**
 * The legacy list's filter and order over the `assets` table, with the legacy server's meaning: a
 * status matches by vocabulary (`published` finds every live asset), the type exactly as stored,
 * the category case-insensitively, the search text as a case-insensitive substring of title,
 * description or category (through the trigram index), and ties keep file order (a stable sort).
 */
export function legacyAssetListSql(filter: LegacyAssetListFilter): { where: SqlFragment[]; orderBy: SqlFragment } {
  const where: SqlFragment[] = [];
  if (filter.status) {
    const target = assetStatusVocabulary.fromLegacy(filter.status)?.value;
    // Every stored status is in the vocabulary (a record with another one is quarantined), so an unknown one matches nothing.
    where.push(target ? sql`status = ${target}` : sql.raw('FALSE'));
  }
  if (filter.type) where.push(sql`coalesce(type, ${extraText('type')}) = ${filter.type}`);
  if (filter.category) where.push(sql`lower(category) = lower(${filter.category})`);
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    // The trigram index narrows on folded text (a superset of the exact matches); the legacy meaning is the exact substring after it.
    where.push(sql`asset_search_text(title, category, description) ILIKE ${containsPattern(foldSearchText(filter.search))}`);
    where.push(sql.or([sql`title ILIKE ${pattern}`, sql`description ILIKE ${pattern}`, sql`category ILIKE ${pattern}`]));
  }
  const direction = sql.raw(filter.order === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST');
  return { where, orderBy: sql`${LEGACY_SORT_KEYS[filter.sort]} ${direction}, legacy_position ASC` };
}

export type AssetFacetCounts = { type: FacetCount[]; status: FacetCount[]; category: FacetCount[]; minTier: FacetCount[] };
type FacetCount = { value: string; count: number };

/** The values the grid's multi-select filters offer, with how many assets hold each (over every asset, one pass). */
export async function findAssetFacetCounts(em: EntityManager): Promise<AssetFacetCounts> {
  const rows = await em.execute<Array<{ facet: keyof AssetFacetCounts; value: string | null; count: number }>>(
    `SELECT CASE WHEN grouping(type) = 0 THEN 'type' WHEN grouping(status) = 0 THEN 'status' WHEN grouping(category) = 0 THEN 'category' ELSE 'minTier' END AS facet,
            coalesce(type::text, status::text, category, min_tier_required::text) AS value, count(*)::int AS count
       FROM assets GROUP BY GROUPING SETS ((type), (status), (category), (min_tier_required))`,
  );
  const facets: AssetFacetCounts = { type: [], status: [], category: [], minTier: [] };
  // A row without a value (no category, no tier) is not something the filter can pick.
  for (const row of rows) if (row.value !== null) facets[row.facet].push({ value: row.value, count: row.count });
  // The most used categories first; the popover has a search box, and a long tail past 200 is not a list to pick from.
  facets.category = facets.category.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, 200);
  return facets;
}
