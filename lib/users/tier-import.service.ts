import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { blindIndex, maskPhone } from '@/lib/crypto';
import { AppError } from '@/lib/errors';
import { piiKeyring } from '@/lib/pii-keyring';
import { getStorageMode } from '@/lib/settings/storage-mode';
import { IDENTITY_HASH, tierReasonSchema, TIER_REASON_MIN } from './tier-change.schemas';
import { readStoredTiers, writeIdentityTiers } from './tier-change.service';
import { parseTierImportCsv, type TierImportRow } from './tier-import-csv';
import {
  TIER_IMPORT_OUTCOMES,
  type TierImportDryRun,
  type TierImportLine,
  type TierImportOutcome,
  type TierImportResult,
  type TierImportSummary,
} from './tier-import.dto';

const WALLET_ADDRESS = /^0x[0-9a-f]{40}$/;
const PHONE = /^\+[1-9]\d{6,14}$/;

type Identifier = { kind: 'identity hash' | 'wallet address' | 'phone'; value: string; shown: string };

/** The row's identifiers, normalised; a value of no known shape is named so the row can say why it is refused. */
function identifiersOf(row: TierImportRow): { identifiers: Identifier[]; malformed: string | null } {
  const identifiers: Identifier[] = [];
  let malformed: string | null = null;
  const add = (kind: Identifier['kind'] | null, raw: string) => {
    const compact = raw.replace(/[\s-]/g, '');
    const lower = compact.toLowerCase();
    const detected =
      kind ?? (IDENTITY_HASH.test(lower) ? 'identity hash' : WALLET_ADDRESS.test(lower) ? 'wallet address' : PHONE.test(compact) ? 'phone' : null);
    if (detected === 'identity hash' && IDENTITY_HASH.test(lower)) identifiers.push({ kind: detected, value: lower, shown: lower });
    else if (detected === 'wallet address' && WALLET_ADDRESS.test(lower)) identifiers.push({ kind: detected, value: lower, shown: lower });
    else if (detected === 'phone' && PHONE.test(compact)) identifiers.push({ kind: detected, value: compact, shown: maskPhone(compact) });
    else malformed ??= kind ? `"${shownRaw(raw)}" is not a ${kind}` : `"${shownRaw(raw)}" is not an identity hash, a wallet address or a phone number`;
  };
  if (row.identityHash) add('identity hash', row.identityHash);
  if (row.walletAddress) add('wallet address', row.walletAddress);
  if (row.phone) add('phone', row.phone);
  if (row.user) add(null, row.user);
  return { identifiers, malformed };
}

/** Whatever a malformed cell holds, never more than its first characters and never a run of digits long enough to be a phone. */
function shownRaw(raw: string): string {
  const clipped = raw.length > 24 ? `${raw.slice(0, 24)}…` : raw;
  return clipped.replace(/\d{5,}/g, (digits) => `${digits.slice(0, 4)}****`);
}

/** The identities each identifier names: identity hashes and wallet addresses as stored, phones by the keyed blind index only (never decrypted). */
async function resolveIdentifiers(em: EntityManager, identifiers: Identifier[]): Promise<Map<string, Set<string>>> {
  const hashes = [...new Set(identifiers.filter((id) => id.kind === 'identity hash').map((id) => id.value))];
  const wallets = [...new Set(identifiers.filter((id) => id.kind === 'wallet address').map((id) => id.value))];
  const keyring = identifiers.some((id) => id.kind === 'phone') ? piiKeyring() : null;
  const phoneIndex = new Map<string, string>();
  for (const id of identifiers) if (id.kind === 'phone' && keyring) phoneIndex.set(blindIndex(keyring, id.value).toString('hex'), id.value);
  const rows = await em.execute<Array<{ kind: string; value: string; identity_hash: string }>>(
    `SELECT 'identity hash' AS kind, legacy_key AS value, legacy_key AS identity_hash FROM identity_map WHERE legacy_key IN (SELECT jsonb_array_elements_text(?::jsonb))
     UNION SELECT 'identity hash', legacy_key, legacy_key FROM wallet_directory WHERE legacy_key IN (SELECT jsonb_array_elements_text(?::jsonb))
     UNION SELECT 'wallet address', lower(wallet_address), legacy_key FROM identity_map WHERE lower(wallet_address) IN (SELECT jsonb_array_elements_text(?::jsonb))
     UNION SELECT 'wallet address', lower(wallet_address), legacy_key FROM wallet_directory WHERE lower(wallet_address) IN (SELECT jsonb_array_elements_text(?::jsonb))
     UNION SELECT 'phone', encode(full_phone_hmac, 'hex'), legacy_key FROM wallet_directory
            WHERE full_phone_hmac IN (SELECT decode(jsonb_array_elements_text(?::jsonb), 'hex'))`,
    [JSON.stringify(hashes), JSON.stringify(hashes), JSON.stringify(wallets), JSON.stringify(wallets), JSON.stringify([...phoneIndex.keys()])],
  );
  const matches = new Map<string, Set<string>>();
  for (const row of rows) {
    const value = row.kind === 'phone' ? phoneIndex.get(row.value)! : row.value;
    const key = `${row.kind}:${value}`;
    if (!matches.has(key)) matches.set(key, new Set());
    matches.get(key)!.add(row.identity_hash);
  }
  return matches;
}

const TIER_TEXT = /^[0-5]$/;

/**
 * The dry run: every row's outcome, in file order, with its row number and why: incomplete (no user
 * named, or no reason), bad tier, unknown user, ambiguous match (an identifier names several users,
 * or two identifiers name different ones), duplicate (a user an earlier row already names), no change,
 * will change. Writes nothing. `apply` runs the same decision again in its transaction.
 */
export async function dryRunTierImport(em: EntityManager, file: { name: string; bytes: Uint8Array }): Promise<TierImportDryRun> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const { rows } = parseTierImportCsv(file.bytes);
  const parsed = rows.map((row) => ({ row, ...identifiersOf(row) }));
  const matches = await resolveIdentifiers(
    em,
    parsed.flatMap((entry) => entry.identifiers),
  );
  const matched = new Set([...matches.values()].flatMap((set) => [...set]));
  const stored = await readStoredTiers(em, [...matched]);
  const firstRowOf = new Map<string, number>();
  const lines = parsed.map(({ row, identifiers, malformed }): TierImportLine => {
    const user = identifiers.map((id) => id.shown).join(' / ');
    const line = (outcome: TierImportOutcome, reason: string, identityHash: string | null = null, from: number | null = null, to: number | null = null) => ({
      row: row.row,
      outcome,
      reason,
      user,
      identityHash,
      from,
      to,
    });
    if (malformed) return line('invalid', malformed);
    if (identifiers.length === 0) return line('invalid', 'no identity hash, wallet address or phone number');
    const tierText = row.tier ?? '';
    if (!TIER_TEXT.test(tierText)) return line('bad_tier', tierText ? `"${shownRaw(tierText)}" is not a tier (a whole number 0–5)` : 'no tier');
    const tier = Number(tierText);
    if (!tierReasonSchema.safeParse(row.reason ?? '').success)
      return line('invalid', `no reason, or one shorter than ${TIER_REASON_MIN} characters`, null, null, tier);
    const named = identifiers.map((id) => ({ id, users: matches.get(`${id.kind}:${id.value}`) ?? new Set<string>() }));
    const several = named.find((entry) => entry.users.size > 1);
    if (several) return line('ambiguous', `the ${several.id.kind} matches ${several.users.size} users`, null, null, tier);
    const users = new Set(named.flatMap((entry) => [...entry.users]));
    if (users.size === 0) return line('unknown_user', `no user has this ${identifiers.map((id) => id.kind).join(' or ')}`, null, null, tier);
    const unmatched = named.find((entry) => entry.users.size === 0);
    if (users.size > 1 || unmatched) {
      const reason = unmatched ? `the ${unmatched.id.kind} matches no user but the other identifier does` : 'the identifiers name different users';
      return line('ambiguous', reason, null, null, tier);
    }
    const [identityHash] = users;
    const current = stored.get(identityHash)?.tier ?? null;
    const earlier = firstRowOf.get(identityHash);
    if (earlier !== undefined) return line('duplicate', `the same user as row ${earlier}`, identityHash, current, tier);
    firstRowOf.set(identityHash, row.row);
    if (current === tier) return line('no_change', `already tier ${tier}`, identityHash, current, tier);
    return line('will_change', row.reason!.trim(), identityHash, current, tier);
  });
  const counts = Object.fromEntries(TIER_IMPORT_OUTCOMES.map((outcome) => [outcome, 0])) as Record<TierImportOutcome, number>;
  for (const line of lines) counts[line.outcome] += 1;
  return { fileName: file.name, sha256, size: file.bytes.byteLength, rowCount: rows.length, counts, lines };
}

/**
 * Applies a dry-run file all or nothing in one transaction: the dry run is decided again as stored now
 * and must match what the admin confirmed (the same file by SHA-256, the same number of rows to change),
 * else CONFLICT asking for a new dry run. Every "will change" row is written through the one tier-write
 * rule; the import (file SHA-256, counts, every row's result) is stored in `tier_imports` and audited
 * as one TIER_IMPORT event naming every row, both in the same transaction as the change. (The dry run
 * just decided runs under the import lock in that transaction, so every will-change row is written.)
 */
export async function applyTierImport(
  em: EntityManager,
  input: { name: string; bytes: Uint8Array; sha256: string; willChange: number },
  actor: { id: string; email: string },
  context: AuditContext,
): Promise<TierImportResult> {
  return em.transactional(async (tx) => {
    // One import at a time: two admins applying the same file would each see "will change" for the same rows.
    await tx.execute(`SELECT pg_advisory_xact_lock(hashtext('tier-import'))`);
    const dryRun = await dryRunTierImport(tx, input);
    if (dryRun.sha256 !== input.sha256)
      throw new AppError('CONFLICT', 'This is not the file of the dry run. Run the dry run again on the file you want to apply.');
    if (dryRun.counts.will_change !== input.willChange) {
      throw new AppError(
        'CONFLICT',
        `The dry run counted ${input.willChange} rows to change, now there are ${dryRun.counts.will_change}: the users' tiers changed since. Run the dry run again.`,
      );
    }
    if (dryRun.counts.will_change === 0) throw new AppError('VALIDATION', 'No row of this file changes a tier; there is nothing to apply.');
    const id = crypto.randomUUID();
    const changes = dryRun.lines
      .filter((line) => line.outcome === 'will_change')
      .map((line) => ({ identityHash: line.identityHash!, tier: line.to!, reason: line.reason }));
    // Recorded before the tiers are written: in json-primary a file written cannot be taken back by a
    // rollback, so nothing that can still fail comes after the write.
    await tx.execute(
      `INSERT INTO tier_imports (id, file_name, file_sha256, file_size, row_count, changed_count, counts, result, storage_mode, imported_by, imported_by_label)
       VALUES (?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::uuid, ?)`,
      [
        id,
        dryRun.fileName.slice(0, 255),
        dryRun.sha256,
        dryRun.size,
        dryRun.rowCount,
        changes.length,
        JSON.stringify(dryRun.counts),
        JSON.stringify(dryRun.lines),
        await getStorageMode(tx),
        actor.id,
        actor.email.slice(0, 254),
      ],
    );
    const written = await writeIdentityTiers(
      tx,
      {
        changes,
        reason: null,
        action: 'TIER_IMPORT',
        correlationId: id,
        recordId: (correlationId) => `import:${correlationId}`,
        details: { importId: id, fileName: dryRun.fileName, fileSha256: dryRun.sha256, fileRows: dryRun.rowCount, counts: dryRun.counts },
      },
      context,
    );
    return { ...dryRun, id, mode: written.mode, changed: written.totals.changed };
  });
}

/** The latest applied imports, newest first (the page's history). */
export async function listTierImports(em: EntityManager, limit = 20): Promise<TierImportSummary[]> {
  const rows = await em.execute<
    Array<{
      id: string;
      file_name: string;
      file_sha256: string;
      row_count: number;
      changed_count: number;
      counts: Record<TierImportOutcome, number>;
      imported_by_label: string;
      imported_at: Date;
    }>
  >(
    `SELECT id, file_name, file_sha256, row_count, changed_count, counts, imported_by_label, imported_at
       FROM tier_imports ORDER BY imported_at DESC, id DESC LIMIT ?`,
    [limit],
  );
  return rows.map((row) => ({
    id: row.id,
    fileName: row.file_name,
    sha256: row.file_sha256,
    rowCount: row.row_count,
    changed: row.changed_count,
    counts: row.counts,
    importedBy: row.imported_by_label,
    importedAt: new Date(row.imported_at).toISOString(),
  }));
}
