import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';

const num = (value: JsonValue | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * One asset as the admin panel and wallet UI read it: every stored member unchanged, plus the names
 * `transformAssetForFrontend()` added (`minInvestment`, `roiRange`, `investorsCount`, …) and the status
 * in the new vocabulary (`lifecycleStatus`: active, paused, closed or draft).
 */
export function assetView(record: JsonValue): JsonObject {
  const asset: JsonObject = isJsonObject(record) ? record : { value: record };
  const minimum = num(asset.minimumInvestment);
  const roi = num(asset.expectedROI);
  const lockup = num(asset.lockupPeriod);
  const invested = num(asset.totalInvested) ?? 0;
  const target =
    num(asset.tokenPrice) !== null && num(asset.maxSupply) !== null ? Math.round(num(asset.tokenPrice)! * num(asset.maxSupply)! * 100) / 100 : null;
  const profile = isJsonObject(asset.assetManagerProfile) ? asset.assetManagerProfile : null;
  const status = typeof asset.status === 'string' ? asset.status : null;
  return {
    ...asset,
    status,
    minInvestment: minimum === null ? '' : String(minimum),
    roiRange: roi === null ? '' : `${roi}%`,
    redemptionPeriod: lockup === null ? '' : `${lockup} days`,
    assetManager: typeof profile?.name === 'string' ? profile.name : '',
    investorsCount: num(asset.investorCount) ?? 0,
    currentInvestment: invested,
    totalInvestmentTarget: target,
    progressPercent: target ? Math.min(100, Math.round((invested / target) * 10_000) / 100) : 0,
    lifecycleStatus: (status && assetStatusVocabulary.fromLegacy(status)?.value) ?? 'draft',
  };
}
