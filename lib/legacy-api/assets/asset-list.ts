import type { JsonObject } from '@/lib/legacy/canonical-json';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import type { AssetListPage } from '../dataset/dataset';
import type { ListAssetsQuery } from './asset.schemas';
import { assetView } from './asset-view';

const text = (asset: JsonObject, field: string) => (typeof asset[field] === 'string' ? (asset[field] as string) : '');
const amount = (asset: JsonObject, field: string) => (typeof asset[field] === 'number' ? (asset[field] as number) : 0);

/** A filter value compared by meaning: `published` finds every live asset, whatever spelling it was stored with. */
function statusMatches(asset: JsonObject, wanted: string): boolean {
  const target = assetStatusVocabulary.fromLegacy(wanted)?.value;
  return target ? asset.lifecycleStatus === target : text(asset, 'status') === wanted;
}

/**
 * The legacy list computed in memory over every record (file order in, stable sort): what the file
 * fallback serves, and the reference the SQL list (`legacyAssetListSql`) must equal.
 */
export function listAssetsInMemory(records: readonly LegacyRecord[], query: ListAssetsQuery): AssetListPage {
  const search = query.search?.toLowerCase();
  const filtered = records.filter((record) => {
    const asset = assetView(record.value);
    return (
      (!query.status || statusMatches(asset, query.status)) &&
      (!query.type || asset.type === query.type) &&
      (!query.category || text(asset, 'category').toLowerCase() === query.category.toLowerCase()) &&
      (!search || ['title', 'description', 'category'].some((field) => text(asset, field).toLowerCase().includes(search)))
    );
  });
  const direction = query.order === 'asc' ? 1 : -1;
  const numeric = query.sort === 'totalInvested' || query.sort === 'investorCount';
  const views = filtered.map((record) => ({ record, asset: assetView(record.value) }));
  views.sort(
    (a, b) =>
      direction *
      (numeric ? amount(a.asset, query.sort) - amount(b.asset, query.sort) : text(a.asset, query.sort).localeCompare(text(b.asset, query.sort))),
  );
  const start = (query.page - 1) * query.limit;
  return { records: views.slice(start, start + query.limit).map((view) => view.record.value), total: views.length };
}
