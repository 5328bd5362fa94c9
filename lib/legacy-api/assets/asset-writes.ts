import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import { OPPORTUNITY_FIELD_ORDER } from '@/lib/migration/mappings/admin-opportunities';
import { appendRecord, findRecord, removeRecord, replaceRecord, writeSource } from '../legacy-write';
import type { LegacyContext } from '../legacy-route';
import type { CreateAssetInput, UpdateAssetInput } from './asset.schemas';
import { assetView } from './asset-view';

const SOURCE = 'admin-opportunities';
type WriteContext = Pick<LegacyContext<unknown, unknown, unknown>, 'em' | 'caller'>;

/** Members in the order the legacy server writes an opportunity; the wizard's later additions follow. */
export function inLegacyOrder(value: JsonObject): JsonObject {
  const known = OPPORTUNITY_FIELD_ORDER.filter((field) => value[field] !== undefined).map((field) => [field, value[field]] as const);
  const rest = Object.entries(value).filter(([field, member]) => member !== undefined && !(OPPORTUNITY_FIELD_ORDER as readonly string[]).includes(field));
  return Object.fromEntries([...known, ...rest]) as JsonObject;
}

function defined(input: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as JsonObject;
}

/** `opp_<ms>` as the legacy server names new opportunities, made unique against the ids already present. */
function newId(existing: Set<string>, now: number): string {
  let ms = now;
  while (existing.has(`opp_${ms}`)) ms += 1;
  return `opp_${ms}`;
}

export async function createAsset(context: WriteContext, input: CreateAssetInput) {
  let created: JsonObject = {};
  await writeSource(context, SOURCE, (records) => {
    const now = Date.now();
    created = inLegacyOrder({
      ...defined(input),
      id: newId(new Set(records.map((record) => record.key)), now),
      status: input.status ?? 'draft',
      createdAt: new Date(now).toISOString(),
      totalInvested: 0,
      investorCount: 0,
      interestedCount: 0,
    });
    return appendRecord(SOURCE, records, created);
  });
  return { success: true as const, message: 'Asset created', asset: assetView(created) };
}

/** Applies `change` to one stored opportunity (404 when the id is unknown); members keep their place. */
async function changeAsset(context: WriteContext, id: string, change: (asset: JsonObject) => JsonObject, message: string) {
  let updated: JsonValue = null;
  await writeSource(context, SOURCE, (records) => {
    const record = findRecord(records, id, 'Asset');
    updated = change(isJsonObject(record.value) ? record.value : {});
    return replaceRecord(SOURCE, records, id, updated);
  });
  return { success: true as const, message, asset: assetView(updated) };
}

export function updateAsset(context: WriteContext, id: string, input: UpdateAssetInput) {
  // The id and creation time identify the record in the legacy logs; they are never rewritten.
  return changeAsset(context, id, (asset) => ({ ...asset, ...defined(input), id: asset.id, createdAt: asset.createdAt }) as JsonObject, 'Asset updated');
}

/** `mapFrontendToDbStatus`: any spelling the asset vocabulary knows, stored as its canonical value. */
export function setAssetStatus(context: WriteContext, id: string, status: string) {
  const value = assetStatusVocabulary.fromLegacy(status)!.value;
  return changeAsset(context, id, (asset) => ({ ...asset, status: assetStatusVocabulary.toLegacy(value) }), `Asset status set to ${value}`);
}

/** Approved: reviewed, not yet live. Published: live. The legacy spellings the vocabulary maps to draft and active. */
export function approveAsset(context: WriteContext, id: string) {
  return changeAsset(context, id, (asset) => ({ ...asset, status: 'approved' }), 'Asset approved');
}

export function publishAsset(context: WriteContext, id: string) {
  return changeAsset(context, id, (asset) => ({ ...asset, status: 'published' }), 'Asset published');
}

export async function deleteAsset(context: WriteContext, id: string) {
  await writeSource(context, SOURCE, (records) => {
    findRecord(records, id, 'Asset');
    return removeRecord(records, id);
  });
  return { success: true as const, message: 'Asset deleted', id };
}
