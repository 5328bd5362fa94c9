import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordHash, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { inLegacyOrder } from '@/lib/legacy-api/assets/asset-writes';
import { AppError } from '@/lib/errors';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { decodeRow, selectList, type StoredRow } from '@/lib/migration/source-mapping';
import { createLegacyRow } from '@/lib/storage/write-rows';
import { assetFormSchema, ASSET_FORM_FIELDS, toAssetFields, validateAssetForm, type AssetFormField } from './asset-form.schemas';
import { EDITABLE_ASSET_FIELDS } from './asset.schemas';
import { updateAsset } from './asset.service';

const SOURCE = 'admin-opportunities';
type WriteOptions = { context: AuditContext; sourceDir?: string; syncTimeoutMs?: number; now?: Date };

/** One stored asset: its row id, legacy key, the legacy record as the file holds it, and where it came from. */
export type AssetRecord = {
  id: string;
  key: string;
  record: JsonObject;
  provenance: { legacyKey: string; legacyHash: string; legacyPosition: number; importedAt: string; updatedAt: string };
};

type AssetRow = StoredRow & { id: string; imported_at: Date; updated_at: Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The asset's record rebuilt from its row exactly as an export would write it (decision 044). `id` is
 * what a URL holds: the legacy id (the grid links by it) or the row id; `key` is the legacy id only.
 */
export async function findAssetRecord(em: EntityManager, by: { id: string } | { key: string }): Promise<AssetRecord | null> {
  const mapping = SOURCE_MAPPINGS[SOURCE]!;
  const select = `SELECT id, imported_at, updated_at, ${selectList(mapping)} FROM assets`;
  const ref = 'id' in by ? by.id : by.key;
  const [row] =
    'id' in by && UUID.test(ref)
      ? await em.execute<AssetRow[]>(`${select} WHERE legacy_key = ? OR id = ?::uuid ORDER BY legacy_key = ? DESC LIMIT 1`, [ref, ref, ref])
      : await em.execute<AssetRow[]>(`${select} WHERE legacy_key = ?`, [ref]);
  if (!row) return null;
  return {
    id: row.id,
    key: row.legacy_key,
    record: decodeRow(mapping, row) as JsonObject,
    provenance: {
      legacyKey: row.legacy_key,
      legacyHash: row.legacy_hash,
      legacyPosition: Number(row.legacy_position),
      importedAt: new Date(row.imported_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    },
  };
}

/** The fields an editor loads and sends back as `original`: every editable one, null where absent (decision 044). */
export function editorOriginal(record: JsonObject): Record<string, JsonValue> {
  return Object.fromEntries([...EDITABLE_ASSET_FIELDS, 'status'].map((field) => [field, record[field] ?? null]));
}

/** A contract address belongs to one live (active or paused) asset at a time; the check ignores case, as the chain does. */
async function contractAddressErrors(
  em: EntityManager,
  address: string | undefined,
  ownKey: string | null,
): Promise<Partial<Record<AssetFormField, string[]>>> {
  if (!address) return {};
  const [holder] = await em.execute<Array<{ legacy_key: string; title: string | null }>>(
    `SELECT legacy_key, title FROM assets WHERE lower(contract_address) = lower(?) AND status IN ('active', 'paused') AND legacy_key IS DISTINCT FROM ? LIMIT 1`,
    [address, ownKey],
  );
  if (!holder) return {};
  return { contractAddress: [`Contract address is already used by the live asset “${holder.title ?? holder.legacy_key}” (${holder.legacy_key}).`] };
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** The live-asset uniqueness of a posted contract address (when it is a valid address at all), as field errors. */
async function postedAddressErrors(em: EntityManager, raw: Record<string, unknown>, ownKey: string | null) {
  const address = assetFormSchema.shape.contractAddress.safeParse(raw.contractAddress);
  return address.success && typeof address.data === 'string' ? contractAddressErrors(em, address.data, ownKey) : {};
}

/**
 * Creates an asset from the wizard through the row-level write path (both storage modes): a draft
 * needs only a valid title, publishing checks every rule. The legacy server's defaults follow
 * (`opp_<ms>` id, `createdAt`, zero counters), in its member order.
 */
export async function createAssetFromForm(em: EntityManager, raw: Record<string, unknown>, options: WriteOptions): Promise<{ id: string; key: string }> {
  const now = options.now ?? new Date();
  const publish = raw.intent === 'publish';
  const input = validateAssetForm(
    raw,
    { checkAll: publish, deadlineMustBeFuture: () => true, today: today(now) },
    publish ? await postedAddressErrors(em, raw, null) : {},
  );
  const fields = toAssetFields(input);
  const created = await createLegacyRow(em, {
    source: SOURCE,
    candidateKey: (attempt) => `opp_${now.getTime() + attempt}`,
    build: (key) =>
      inLegacyOrder({
        id: key,
        ...(fields as JsonObject),
        status: publish ? 'active' : 'draft',
        createdAt: now.toISOString(),
        totalInvested: 0,
        investorCount: 0,
        interestedCount: 0,
      }),
    ...options,
  });
  const stored = await findAssetRecord(em, { key: created.key });
  if (!stored) throw new AppError('UNAVAILABLE', `Asset ${created.key} was saved but cannot be read back yet.`);
  return { id: stored.id, key: created.key };
}

export type AssetConflictField = { field: string; label: string; theirs: JsonValue; yours: JsonValue; yoursChanged: boolean };
export type AssetSaveResult = { kind: 'saved'; changed: string[] } | { kind: 'conflict'; fields: AssetConflictField[]; current: Record<string, JsonValue> };

const same = (a: JsonValue | undefined, b: JsonValue | undefined) => recordHash(a ?? null) === recordHash(b ?? null);
const labelOf = (field: string) => (field in ASSET_FORM_FIELDS ? ASSET_FORM_FIELDS[field as AssetFormField].label : field === 'status' ? 'Status' : field);

/**
 * Saves an edit made from `original` (the values the editor loaded). Only fields whose value differs
 * from `original` are written; a field someone else changed meanwhile makes the result a conflict
 * naming it, with their value and this editor's side by side, and nothing is written.
 */
export async function updateAssetFromForm(
  em: EntityManager,
  { key, original, raw }: { key: string; original: Record<string, JsonValue>; raw: Record<string, unknown> },
  options: WriteOptions,
): Promise<AssetSaveResult> {
  const now = options.now ?? new Date();
  const wasDraft = typeof original.status === 'string' && original.status.toLowerCase() === 'draft';
  if (raw.intent === 'draft' && !wasDraft) throw new AppError('VALIDATION', 'Only a draft can be saved incomplete; this asset is already published.');
  const checkAll = raw.intent !== 'draft';
  // The date input holds a day: a stored timestamp on that same day is not a change.
  const sameDay = (value: string) => typeof original.deadline === 'string' && original.deadline.slice(0, 10) === value;
  const input = validateAssetForm(
    raw,
    { checkAll, deadlineMustBeFuture: (deadline) => !sameDay(deadline), today: today(now) },
    checkAll ? await postedAddressErrors(em, raw, key) : {},
  );
  const fields = toAssetFields(input) as Record<string, JsonValue>;
  const changes: Record<string, JsonValue> = Object.fromEntries(
    Object.entries(fields).filter(([field, value]) => !same(value, original[field]) && !(field === 'deadline' && typeof value === 'string' && sameDay(value))),
  );
  if (input.intent === 'publish' && wasDraft) changes.status = 'active';
  if (Object.keys(changes).length === 0) return { kind: 'saved', changed: [] };
  try {
    await updateAsset(em, { id: key, changes, original }, options);
    return { kind: 'saved', changed: Object.keys(changes) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CONFLICT' || !error.fieldErrors) throw error;
    const stored = await findAssetRecord(em, { key });
    const current = stored ? editorOriginal(stored.record) : {};
    const fields = Object.keys(error.fieldErrors).map((field) => ({
      field,
      label: labelOf(field),
      theirs: current[field] ?? null,
      yours: Object.hasOwn(changes, field) ? changes[field] : (original[field] ?? null),
      yoursChanged: Object.hasOwn(changes, field),
    }));
    return { kind: 'conflict', fields, current };
  }
}
