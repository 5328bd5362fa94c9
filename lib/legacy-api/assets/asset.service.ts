import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import type { Dataset } from '../dataset/dataset';
import { sumDecimals } from '../decimal';
import { LegacyApiError } from '../legacy-api-error';
import type { ListAssetsQuery } from './asset.schemas';
import { assetView } from './asset-view';

async function allAssets(data: Dataset): Promise<JsonObject[]> {
  return (await data.records('admin-opportunities')).map((record) => assetView(record.value));
}

const text = (asset: JsonObject, field: string) => (typeof asset[field] === 'string' ? (asset[field] as string) : '');
const amount = (asset: JsonObject, field: string) => (typeof asset[field] === 'number' ? (asset[field] as number) : 0);

/** `GET /api/admin/assets`: filtered, sorted and paged by the dataset (in SQL on PostgreSQL); only the page is rebuilt. */
export async function listAssets(data: Dataset, query: ListAssetsQuery) {
  const { records, total } = await data.assetPage(query);
  return {
    success: true as const,
    assets: records.map(assetView),
    pagination: { page: query.page, limit: query.limit, total, totalPages: Math.max(1, Math.ceil(total / query.limit)) },
  };
}

/** The admin list of every opportunity (`getAssets()`), in file order. */
export async function listOpportunities(data: Dataset) {
  const opportunities = await allAssets(data);
  return { success: true as const, opportunities, total: opportunities.length };
}

/** What the wallet UI may explore: live opportunities only. */
export async function listLiveOpportunities(data: Dataset) {
  const opportunities = (await allAssets(data)).filter((asset) => asset.lifecycleStatus === 'active');
  return { success: true as const, opportunities, total: opportunities.length };
}

export async function getAsset(data: Dataset, id: string) {
  const record = await data.record('admin-opportunities', id);
  if (!record) throw new LegacyApiError(404, 'Asset not found');
  return { success: true as const, asset: assetView(record.value) };
}

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const TOP_PERFORMERS = 5;

export async function getAssetAnalytics(data: Dataset) {
  const assets = (await data.records('admin-opportunities')).flatMap((record) => (isJsonObject(record.value) ? [record.value] : []));
  const byStatus: Record<string, number> = {};
  const byType: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const asset of assets) {
    increment(byStatus, assetView(asset).lifecycleStatus as string);
    increment(byType, text(asset, 'type') || 'unknown');
    increment(byCategory, text(asset, 'category') || 'General');
  }
  const rois = assets.map((asset) => asset.expectedROI).filter((roi): roi is number => typeof roi === 'number');
  const topPerformers = [...assets]
    .sort((a, b) => amount(b, 'totalInvested') - amount(a, 'totalInvested'))
    .slice(0, TOP_PERFORMERS)
    .map((asset) => ({
      id: asset.id as string | number,
      title: text(asset, 'title'),
      totalInvested: amount(asset, 'totalInvested'),
      investorCount: amount(asset, 'investorCount'),
    }));
  return {
    success: true as const,
    analytics: {
      totalAssets: assets.length,
      byStatus,
      byType,
      byCategory,
      totalInvested: sumDecimals(assets.map((asset) => (typeof asset.totalInvested === 'number' ? String(asset.totalInvested) : null))),
      totalInvestors: assets.reduce((sum, asset) => sum + amount(asset, 'investorCount'), 0),
      totalInterested: assets.reduce((sum, asset) => sum + amount(asset, 'interestedCount'), 0),
      averageROI: rois.length ? Math.round((rois.reduce((sum, roi) => sum + roi, 0) / rois.length) * 100) / 100 : null,
      topPerformers,
    },
  };
}
