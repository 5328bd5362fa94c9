import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError } from '@/lib/errors';
import { isJsonObject, recordHash, type JsonObject } from '@/lib/legacy/canonical-json';
import type { SourceId } from '@/lib/legacy/sources';
import { getStorageMode, type StorageMode } from '@/lib/settings/storage-mode';
import { writeLegacyRows, type RowDecision } from '@/lib/storage/write-rows';
import { changeTierOnPageSchema, changeTierSchema, type ChangeTierInput, type ChangeTierOnPageInput } from './tier-change.schemas';
import { findIdentityHash } from './user-page.repository';

/** The consent actions in tier order: tier n has verified the first n + 1 (legacy-contract §3). */
export const CONSENT_ACTIONS = ['register_phone', 'register_device', 'verify_biometric', 'submit_kyc', 'verify_location'] as const;

/** The wallet directory's `identity.verifiedActions` for a tier, as the legacy server writes it. */
export function verifiedActionsFor(tier: number): string[] {
  return CONSENT_ACTIONS.slice(0, Math.min(tier, CONSENT_ACTIONS.length - 1) + 1);
}

/** Where an identity's tier is kept, and the tier it has now (identity-map first, then the wallet directory, as the legacy server reads it). */
export type StoredTier = { identityHash: string; tier: number | null; inIdentityMap: boolean; inWalletDirectory: boolean };

export async function readStoredTiers(em: EntityManager, identityHashes: readonly string[]): Promise<Map<string, StoredTier>> {
  if (identityHashes.length === 0) return new Map();
  const rows = await em.execute<Array<{ hash: string; map_tier: number | null; in_map: boolean; directory_tier: string | null; in_directory: boolean }>>(
    `SELECT k.hash, m.tier AS map_tier, m.legacy_key IS NOT NULL AS in_map,
            d.identity ->> 'tier' AS directory_tier, d.legacy_key IS NOT NULL AS in_directory
       FROM (SELECT DISTINCT jsonb_array_elements_text(?::jsonb) AS hash) k
       LEFT JOIN identity_map m ON m.legacy_key = k.hash
       LEFT JOIN wallet_directory d ON d.legacy_key = k.hash
      WHERE m.legacy_key IS NOT NULL OR d.legacy_key IS NOT NULL`,
    [JSON.stringify(identityHashes)],
  );
  return new Map(
    rows.map((row) => {
      const directoryTier = row.directory_tier !== null && /^[0-5]$/.test(row.directory_tier) ? Number(row.directory_tier) : null;
      return [row.hash, { identityHash: row.hash, tier: row.map_tier ?? directoryTier, inIdentityMap: row.in_map, inWalletDirectory: row.in_directory }];
    }),
  );
}

/** identity-map.json keeps the tier as `tier`. */
function identityMapEdit(current: JsonObject, tier: number): RowDecision {
  return current.tier === tier ? { kind: 'skip', reason: 'no change' } : { kind: 'apply', value: { ...current, tier } };
}

/** The wallet directory keeps it in `identity`, with the consent actions the tier stands for. */
function walletDirectoryEdit(current: JsonObject, tier: number): RowDecision {
  const identity = isJsonObject(current.identity) ? current.identity : {};
  const next = { ...identity, tier, verifiedActions: verifiedActionsFor(tier) };
  return recordHash(next) === recordHash(identity) ? { kind: 'skip', reason: 'no change' } : { kind: 'apply', value: { ...current, identity: next } };
}

const TIER_SOURCES: ReadonlyArray<{ source: SourceId; holds: (stored: StoredTier) => boolean; edit: (current: JsonObject, tier: number) => RowDecision }> = [
  { source: 'identity-map', holds: (stored) => stored.inIdentityMap, edit: identityMapEdit },
  { source: 'wallets-directory', holds: (stored) => stored.inWalletDirectory, edit: walletDirectoryEdit },
];

export type TierChange = { identityHash: string; tier: number; reason?: string };
export type TierChangeLine = { identityHash: string; outcome: 'changed' | 'unchanged' | 'not found'; from: number | null; to: number; reason: string | null };
export type TierChangeResult = {
  correlationId: string;
  mode: StorageMode;
  totals: { changed: number; unchanged: number; notFound: number };
  lines: TierChangeLine[];
};

export type TierWriteRequest = {
  changes: readonly TierChange[];
  /** The reason every row shares (a row's own reason, as an import gives, takes precedence); null only for the legacy API, which sends none. */
  reason: string | null;
  /** The audit event's action and record id: one event names every row (`TIER_CHANGE`, `TIER_BULK_CHANGE`, `TIER_IMPORT`). */
  action: string;
  recordId?: (correlationId: string) => string;
  correlationId?: string;
  /** More about the change for the audit event (the import's file name and SHA-256…). */
  details?: Record<string, unknown>;
};

/** What the write decided for one source's records (before → after), caught as it decides: json-primary's undo needs it even when the write failed after its file was written. */
type Written = { source: SourceId; records: Map<string, { before: JsonObject; after: JsonObject }> };

/**
 * The one tier-write rule, for the admin screens and the legacy API alike: sets each identity's tier
 * where the platform keeps it (identity-map.json's `tier`; the wallet directory's `identity.tier` and
 * `verifiedActions`), through the storage mode's row write path, in one transaction. All or nothing:
 * a row either file cannot take (held in quarantine, gone since it was read) fails the whole change,
 * naming it. In pg-primary the transaction rolls everything back; in json-primary (a file write cannot
 * join a transaction) the files already written get their previous records back before the error is
 * raised. Identities neither file knows are reported `not found`, unchanged tiers `unchanged`. One audit
 * event names every row with its tier before and after; the row triggers record each changed record.
 */
export async function writeIdentityTiers(em: EntityManager, request: TierWriteRequest, context: AuditContext): Promise<TierChangeResult> {
  const targets = new Map<string, TierChange>();
  for (const change of request.changes) {
    const earlier = targets.get(change.identityHash);
    if (earlier && earlier.tier !== change.tier) throw new AppError('VALIDATION', `${change.identityHash} is given two different tiers.`);
    targets.set(change.identityHash, change);
  }
  const correlationId = request.correlationId ?? crypto.randomUUID();
  return em.transactional(async (tx) => {
    const mode = await getStorageMode(tx);
    const stored = await readStoredTiers(tx, [...targets.keys()]);
    const written: Written[] = [];
    try {
      for (const { source, holds, edit } of TIER_SOURCES) {
        const keys = [...stored.values()].filter(holds).map((entry) => entry.identityHash);
        if (keys.length === 0) continue;
        const records = new Map<string, { before: JsonObject; after: JsonObject }>();
        written.push({ source, records });
        const result = await writeLegacyRows(tx, {
          source,
          keys,
          context,
          edit: (current, key) => {
            const decision = edit(current, targets.get(key)!.tier);
            if (decision.kind === 'apply') records.set(key, { before: current, after: decision.value });
            return decision;
          },
          auditEvent: () => null,
        });
        const refused = result.outcomes.filter((outcome) => outcome.status === 'failed' || (outcome.status === 'skipped' && outcome.reason !== 'no change'));
        if (refused.length > 0) {
          const named = refused.map((outcome) => `${outcome.key} (${outcome.status === 'applied' ? '' : outcome.reason})`).join(', ');
          throw new AppError('CONFLICT', `No tier was changed: ${source} could not take ${named}.`);
        }
      }
    } catch (error) {
      if (mode === 'json-primary') await restoreWritten(tx, written, context, error);
      throw error;
    }
    const changedKeys = new Set(written.flatMap((entry) => [...entry.records.keys()]));
    const lines = [...targets.values()].map((change): TierChangeLine => {
      const entry = stored.get(change.identityHash);
      const reason = change.reason ?? request.reason;
      if (!entry) return { identityHash: change.identityHash, outcome: 'not found', from: null, to: change.tier, reason };
      return {
        identityHash: change.identityHash,
        outcome: changedKeys.has(change.identityHash) ? 'changed' : 'unchanged',
        from: entry.tier,
        to: change.tier,
        reason,
      };
    });
    const totals = {
      changed: lines.filter((line) => line.outcome === 'changed').length,
      unchanged: lines.filter((line) => line.outcome === 'unchanged').length,
      notFound: lines.filter((line) => line.outcome === 'not found').length,
    };
    if (totals.changed > 0) {
      await recordAuditEvent(
        tx,
        {
          action: request.action,
          tableName: 'identity_map',
          recordId: request.recordId?.(correlationId) ?? (lines.length === 1 ? lines[0].identityHash : `bulk:${correlationId}`),
          oldValues: lines.length === 1 ? { tier: lines[0].from } : null,
          newValues: {
            correlationId,
            reason: request.reason,
            mode,
            ...request.details,
            totals,
            rows: lines.map((line) => ({ identityHash: line.identityHash, outcome: line.outcome, from: line.from, to: line.to, reason: line.reason })),
          },
        },
        context,
      );
    }
    return { correlationId, mode, totals, lines };
  });
}

/**
 * json-primary's undo: each record written gets its previous value back (unless someone changed it
 * since). It runs in the change's transaction, which then rolls back, so the database keeps nothing
 * of either write and needs no event; the files are back as they were.
 */
async function restoreWritten(em: EntityManager, written: Written[], context: AuditContext, cause: unknown): Promise<void> {
  try {
    for (const { source, records } of [...written].reverse()) {
      if (records.size === 0) continue;
      await writeLegacyRows(em, {
        source,
        keys: [...records.keys()],
        context,
        edit: (current, key) => {
          const record = records.get(key)!;
          return recordHash(current) === recordHash(record.after)
            ? { kind: 'apply', value: record.before }
            : { kind: 'skip', reason: 'not written, or changed since' };
        },
        auditEvent: () => null,
      });
    }
  } catch (undoError) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const undo = undoError instanceof Error ? undoError.message : String(undoError);
    throw new AppError('UNAVAILABLE', `${why} Putting back the legacy files already written failed too (${undo}); the sync worker will show their state.`);
  }
}

/** One user's tier, with a reason (the user page's dialog). NOT_FOUND when neither file knows the identity. */
export async function changeUserTier(em: EntityManager, input: ChangeTierInput, context: AuditContext): Promise<TierChangeLine & { correlationId: string }> {
  const { identityHash, tier, reason } = changeTierSchema.parse(input);
  const result = await writeIdentityTiers(em, { changes: [{ identityHash, tier }], reason, action: 'TIER_CHANGE' }, context);
  const [line] = result.lines;
  if (line.outcome === 'not found') throw new AppError('NOT_FOUND', 'There is no user with this identity hash in the identity map or the wallet directory.');
  return { ...line, correlationId: result.correlationId };
}

/** What the user page hears back from a tier change: the outcome without the identity hash. */
export type PageTierChange = Omit<TierChangeLine, 'identityHash'>;

/** The user page's tier change, by identity id: the hash is looked up here and stays on the server. */
export async function changeUserTierOnPage(em: EntityManager, input: ChangeTierOnPageInput, context: AuditContext): Promise<PageTierChange> {
  const { identityId, tier, reason } = changeTierOnPageSchema.parse(input);
  const identityHash = await findIdentityHash(em, identityId);
  if (!identityHash) throw new AppError('NOT_FOUND', 'There is no user with this id.');
  const { outcome, from, to, reason: savedReason } = await changeUserTier(em, { identityHash, tier, reason }, context);
  return { outcome, from, to, reason: savedReason };
}
