import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditFieldChange } from '@/lib/audit/audit.dto';
import { diffValues } from '@/lib/audit/audit.dto';
import type { AuditRow } from '@/lib/audit/audit.repository';
import { AppError } from '@/lib/errors';
import { isoTime } from '@/lib/explorer/explorer.dto';
import { findExplorerTransactionPage } from '@/lib/explorer/explorer-transactions.repository';
import { listExplorerTransactionQuerySchema } from '@/lib/explorer/explorer.schemas';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { sql } from '@/lib/list-query/sql';
import { maskSealedPii } from '@/lib/migration/sealed-pii';
import { accountStatusSql, type AccountStatus } from './account-status';
import type {
  AssetInvestmentDto,
  ConsentDto,
  DataAccessDto,
  PoolInvestmentDto,
  ProvenanceDto,
  ServerLogDto,
  TierChangeDto,
  UserAuditEntryDto,
  UserIdentityDto,
  UserTransactionsDto,
  UserWalletDto,
} from './user-page.dto';

export const TRANSACTIONS_PER_PAGE = 25;
const AUDIT_ENTRIES = 100;
const SERVER_LOG_ENTRIES = 50;
// A user's logged transactions whose hashes are looked up in the server log (the busiest legacy users have a few hundred).
const SERVER_LOG_TX_HASHES = 5_000;
const CONSENT_LOG_ENTRIES = 50;
const ACCESS_ENTRIES = 100;
const INVESTMENT_ASSETS = 50;

/** The identity and its one-per-identity records (registry, identity map, KYC application), for the id in the URL. */
type IdentityRow = {
  id: string;
  identity_hash: string;
  in_registry: boolean;
  in_identity_map: boolean;
  in_wallet_directory: boolean;
  in_kyc: boolean;
  in_transactions: boolean;
  in_consents: boolean;
  first_seen_at: Date;
  last_seen_at: Date;
  registry_wallet: string | null;
  map_wallet: string | null;
  map_masked: string | null;
  tier: number | null;
  account_status: AccountStatus;
  map_row_id: string | null;
  kyc_status: string | null;
  kyc_status_legacy: string | null;
  kyc_last_updated_at: Date | null;
  kyc_reviewed_at: Date | null;
};

type ProvenanceRow = { file: string; row_id: string; position: number; source_hash: string; imported_at: Date; updated_at: Date };
type DirectoryRow = { id: string; wallet_address: string; masked: string | null; has_phone: boolean };

/** The identity, or null for an id no identity has. Everything the page's header and identity section show. */
export async function findUserIdentity(em: EntityManager, id: string, { showIdentityHash }: { showIdentityHash: boolean }): Promise<UserIdentityDto | null> {
  const [row] = await em.execute<IdentityRow[]>(
    `SELECT i.id, i.identity_hash, i.in_registry, i.in_identity_map, i.in_wallet_directory, i.in_kyc, i.in_transactions, i.in_consents,
            i.first_seen_at, i.last_seen_at,
            u.wallet_address AS registry_wallet, m.wallet_address AS map_wallet, m.masked_phone AS map_masked, m.tier,
            ${accountStatusSql('m').text} AS account_status, m.id AS map_row_id,
            k.status AS kyc_status, k.status_legacy AS kyc_status_legacy, k.last_updated_at AS kyc_last_updated_at, k.reviewed_at AS kyc_reviewed_at
       FROM identities i
       LEFT JOIN users u ON u.legacy_key = i.identity_hash
       LEFT JOIN identity_map m ON m.legacy_key = i.identity_hash
       LEFT JOIN kyc_applications k ON k.legacy_key = i.identity_hash
      WHERE i.id = ?::uuid`,
    [id],
  );
  if (!row) return null;
  const hash = row.identity_hash;
  const [directory, provenance] = await Promise.all([
    em.fork().execute<DirectoryRow[]>(
      `SELECT id, wallet_address, coalesce(full_phone_masked, masked_phone) AS masked, full_phone_encrypted IS NOT NULL AS has_phone
           FROM wallet_directory WHERE identity_hash = ? ORDER BY legacy_position`,
      [hash],
    ),
    em.fork().execute<ProvenanceRow[]>(
      `SELECT 'wallet-db.json' AS file, id AS row_id, legacy_position AS position, legacy_hash AS source_hash, imported_at, updated_at FROM users WHERE legacy_key = ?
       UNION ALL SELECT 'explorer-data/identity-map.json', id, legacy_position, legacy_hash, imported_at, updated_at FROM identity_map WHERE legacy_key = ?
       UNION ALL SELECT 'uploads/kyc/metadata.json', id, legacy_position, legacy_hash, imported_at, updated_at FROM kyc_applications WHERE legacy_key = ?
       UNION ALL SELECT 'consents-db.json', id, legacy_position, legacy_hash, imported_at, updated_at FROM consents WHERE legacy_key = ?
       UNION ALL SELECT 'explorer-data/wallets-directory.json', id, legacy_position, legacy_hash, imported_at, updated_at FROM wallet_directory WHERE identity_hash = ?`,
      [hash, hash, hash, hash, hash],
    ),
  ]);
  const [first] = directory;
  return {
    id: row.id,
    identityHash: showIdentityHash ? hash : null,
    registered: row.in_registry,
    sources: {
      registry: row.in_registry,
      identityMap: row.in_identity_map,
      walletDirectory: row.in_wallet_directory,
      kyc: row.in_kyc,
      transactions: row.in_transactions,
      consents: row.in_consents,
    },
    walletAddress: row.registry_wallet ?? row.map_wallet ?? first?.wallet_address ?? null,
    phoneMasked: first?.masked ?? row.map_masked ?? null,
    hasStoredPhone: directory.some((entry) => entry.has_phone) || (await hasLoggedPhone(em, hash)),
    tier: row.tier,
    accountStatus: row.account_status,
    canHoldStatus: row.in_registry && row.map_row_id !== null,
    kyc: row.kyc_status
      ? {
          status: row.kyc_status,
          statusLegacy: row.kyc_status_legacy,
          lastUpdatedAt: isoTime(row.kyc_last_updated_at),
          reviewedAt: isoTime(row.kyc_reviewed_at),
        }
      : null,
    firstSeenAt: new Date(row.first_seen_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
    provenance: provenance.map((entry): ProvenanceDto => ({
      file: entry.file,
      rowId: entry.row_id,
      position: Number(entry.position),
      sourceHash: entry.source_hash,
      importedAt: new Date(entry.imported_at).toISOString(),
      updatedAt: new Date(entry.updated_at).toISOString(),
    })),
  };
}

async function hasLoggedPhone(em: EntityManager, identityHash: string): Promise<boolean> {
  const [row] = await em.execute(`SELECT 1 FROM transaction_log WHERE identity_hash = ? AND phone_encrypted IS NOT NULL LIMIT 1`, [identityHash]);
  return row !== undefined;
}

/** The identity hash behind a page id (server side only: for the loaders and the writes). */
export async function findIdentityHash(em: EntityManager, id: string): Promise<string | null> {
  const [row] = await em.execute<Array<{ identity_hash: string }>>(`SELECT identity_hash FROM identities WHERE id = ?::uuid`, [id]);
  return row?.identity_hash ?? null;
}

/** The identity's directory wallets with their balances (as the wallet directory last recorded them). */
export async function findUserWallets(em: EntityManager, identityHash: string): Promise<UserWalletDto[]> {
  const rows = await em.execute<
    Array<{ id: string; wallet_address: string; balance_egp: string | null; balance_hvt: string | null; created_at: Date | null; last_updated_at: Date | null }>
  >(
    `SELECT id, wallet_address, balance_egp::text, balance_hvt::text, created_at, last_updated_at
       FROM wallet_directory WHERE identity_hash = ? ORDER BY legacy_position`,
    [identityHash],
  );
  return rows.map((row) => ({
    id: row.id,
    address: row.wallet_address,
    balanceEgp: row.balance_egp,
    balanceHvt: row.balance_hvt,
    createdAt: isoTime(row.created_at),
    lastUpdatedAt: isoTime(row.last_updated_at),
  }));
}

/**
 * One keyset page of the identity's transactions: its transaction-log entries and the chain
 * transactions of its directory wallets (the explorer's unified list, filtered by identity), newest first.
 * A cursor that does not decode is `invalid-page`.
 */
export async function findUserTransactions(
  em: EntityManager,
  identityHash: string,
  page: { cursor?: string; direction?: string },
): Promise<UserTransactionsDto | 'invalid-page'> {
  const query = listExplorerTransactionQuerySchema.safeParse({
    identity: identityHash,
    cursor: page.cursor,
    direction: page.direction,
    pageSize: String(TRANSACTIONS_PER_PAGE),
  });
  if (!query.success) return 'invalid-page';
  try {
    return await findExplorerTransactionPage(em, query.data, { showIdentity: false });
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION') return 'invalid-page';
    throw error;
  }
}

/**
 * What the identity's wallets sent to asset contracts (by asset, largest first) and its pool operations
 * from the log. The wallets are resolved first: as a literal list the chain is probed through its
 * address index, where a subquery lets the planner read the whole chain.
 */
export async function findUserInvestments(em: EntityManager, identityHash: string): Promise<{ assets: AssetInvestmentDto[]; pools: PoolInvestmentDto[] }> {
  const wallets = (
    await em.execute<Array<{ address: string }>>(`SELECT DISTINCT lower(wallet_address) AS address FROM wallet_directory WHERE identity_hash = ?`, [
      identityHash,
    ])
  ).map((row) => row.address);
  const sent = sql`SELECT a.id AS asset_id, a.title, count(*)::int AS transactions, coalesce(sum(c.value_wei), 0)::text AS value_wei, max(c.mined_at) AS last_at
         FROM chain_transactions c
         JOIN assets a ON lower(a.contract_address) = lower(c.to_address)
        WHERE lower(c.from_address) IN (${wallets})
        GROUP BY a.id, a.title
        ORDER BY sum(c.value_wei) DESC NULLS LAST, count(*) DESC
        LIMIT ${INVESTMENT_ASSETS}`;
  const [assets, pools] = await Promise.all([
    wallets.length === 0
      ? Promise.resolve([])
      : em
          .fork()
          .execute<Array<{ asset_id: string; title: string | null; transactions: number; value_wei: string; last_at: Date | null }>>(sent.text, [
            ...sent.values,
          ]),
    em.fork().execute<Array<{ pool_id: string | null; invested: string; investments: number; redeemed: string; redemptions: number; last_at: Date | null }>>(
      `SELECT metadata ->> 'poolId' AS pool_id,
              coalesce(sum(amount) FILTER (WHERE type = 'harvest_invest'), 0)::text AS invested,
              count(*) FILTER (WHERE type = 'harvest_invest')::int AS investments,
              coalesce(sum(amount) FILTER (WHERE type = 'harvest_redeem'), 0)::text AS redeemed,
              count(*) FILTER (WHERE type = 'harvest_redeem')::int AS redemptions,
              max(occurred_at) AS last_at
         FROM transaction_log
        WHERE identity_hash = ? AND type IN ('harvest_invest', 'harvest_redeem')
        GROUP BY metadata ->> 'poolId'
        ORDER BY 2 DESC`,
      [identityHash],
    ),
  ]);
  return {
    assets: assets.map((row) => ({
      assetId: row.asset_id,
      title: row.title,
      transactions: row.transactions,
      valueWei: row.value_wei,
      lastAt: isoTime(row.last_at),
    })),
    pools: pools.map((row) => ({
      poolId: row.pool_id,
      invested: row.invested,
      investments: row.investments,
      redeemed: row.redeemed,
      redemptions: row.redemptions,
      lastAt: isoTime(row.last_at),
    })),
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * The consents the identity gave: the records of consents-db.json (action, terms version, when) and
 * the consent signatures and terms acceptances of the transaction log, newest first.
 */
export async function findUserConsents(em: EntityManager, identityHash: string): Promise<ConsentDto[]> {
  const [stored, logged] = await Promise.all([
    em.fork().execute<Array<{ consent_records: unknown }>>(`SELECT consent_records FROM consents WHERE legacy_key = ?`, [identityHash]),
    em
      .fork()
      .execute<Array<{ type: string; consent_type: string | null; terms_version: string | null; consent_tier: number | null; occurred_at: Date | null }>>(
        `SELECT type, consent_type, terms_version, consent_tier, occurred_at FROM transaction_log
        WHERE identity_hash = ? AND type IN ('consent_signature', 'terms_acceptance')
        ORDER BY occurred_at DESC NULLS LAST LIMIT ${CONSENT_LOG_ENTRIES}`,
        [identityHash],
      ),
  ]);
  const fromFile: ConsentDto[] = stored.flatMap((row) => {
    const records = Array.isArray(row.consent_records) ? row.consent_records : [row.consent_records];
    return records.filter(isJsonObject).map((record: JsonObject) => ({
      source: 'consents-db' as const,
      type: text(record.action) ?? text(record.type),
      version: text(record.termsVersion) ?? text(record.version),
      tier: typeof record.tier === 'number' ? record.tier : null,
      at: text(record.signedAt) ?? text(record.timestamp),
    }));
  });
  const fromLog: ConsentDto[] = logged.map((row) => ({
    source: 'transaction-log',
    type: row.type === 'terms_acceptance' ? 'terms_acceptance' : (row.consent_type ?? row.type),
    version: row.terms_version,
    tier: row.consent_tier,
    at: isoTime(row.occurred_at),
  }));
  return [...fromFile, ...fromLog].sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
}

/**
 * The legacy server-log entries about the identity: those naming its identity hash (WebAuthn) or the
 * hash of one of its logged transactions (chain writes). Entries naming only a masked phone are not
 * attributed: a mask matches many people.
 */
export async function findUserServerLogs(em: EntityManager, identityHash: string): Promise<ServerLogDto[]> {
  // The transaction hashes as a literal list: with the identity condition, a BitmapOr of the two
  // expression indexes; an IN subquery under the OR would filter every log entry instead.
  const hashes = (
    await em.execute<Array<{ tx_hash: string }>>(
      `SELECT DISTINCT tx_hash FROM transaction_log WHERE identity_hash = ? AND tx_hash IS NOT NULL LIMIT ${SERVER_LOG_TX_HASHES}`,
      [identityHash],
    )
  ).map((row) => row.tx_hash);
  const byTransaction = hashes.length ? sql`data ->> 'txHash' IN (${hashes})` : sql.raw('FALSE');
  const query = sql`SELECT id, logged_at, type, data FROM server_logs
      WHERE data ->> 'identityHash' = ${identityHash} OR ${byTransaction}
      ORDER BY logged_at DESC NULLS LAST LIMIT ${SERVER_LOG_ENTRIES}`;
  const rows = await em.execute<Array<{ id: string; logged_at: Date | null; type: string | null; data: Record<string, unknown> | null }>>(query.text, [
    ...query.values,
  ]);
  return rows.map((row) => ({ id: row.id, at: isoTime(row.logged_at), type: row.type, summary: logSummary(row.data ?? {}) }));
}

/** The entry's members as `name: value`, without the identity hash (the page shows whose it is) or any phone member; a number sealed in free text shows as its mask. */
function logSummary(data: Record<string, unknown>): string {
  return Object.entries(maskSealedPii(data as JsonObject) as JsonObject)
    .filter(([name]) => name !== 'identityHash' && !isPhoneField(name))
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

/**
 * A member that is, or is part of, a phone number. The mask alone is shown; the last digits, ciphertext,
 * blind index or a legacy record's number never are (a mask and the last four digits rebuild the number).
 */
function isPhoneField(name: string): boolean {
  const lowered = name.toLowerCase();
  return lowered.includes('phone') && !lowered.endsWith('masked') && lowered !== 'masked_phone' && lowered !== 'maskedphone';
}

// Row-trigger entries carry every column: the provenance ones change on every write and say nothing to a
// reader; the keys are this user's identity hash (shown only to roles that may see it) or row ids.
const HIDDEN_FIELDS = new Set([
  'legacy_hash',
  'legacy_layout',
  'updated_at',
  'imported_at',
  'last_seen_at',
  'legacy_position',
  'legacy_key',
  'identity_hash',
  'id',
]);

const shownChange = (change: AuditFieldChange) => !HIDDEN_FIELDS.has(change.field) && !isPhoneField(change.field);

/** The tables whose rows belong to the identity, and how each names the identity's rows in the audit trail. */
type AuditTarget = { table: string; record: string };

/**
 * Every audit entry about the identity, newest first: the row entries of its records (registry, identity
 * map, KYC application, consents, directory wallets, the identity itself), the row-level write events that
 * name its legacy key alone, and the events recorded against its page id (reveals, suspensions).
 * A write event that changed many rows at once names the source, not each row, and is not listed here.
 * The page shows the newest 100; a data package asks for more.
 */
export async function findUserAudit(
  em: EntityManager,
  identity: { id: string; identityHash: string },
  { limit = AUDIT_ENTRIES }: { limit?: number } = {},
): Promise<UserAuditEntryDto[]> {
  const hash = identity.identityHash;
  const rowIds = await em.execute<Array<{ table_name: string; id: string }>>(
    `SELECT 'users' AS table_name, id::text FROM users WHERE legacy_key = ?
     UNION ALL SELECT 'identity_map', id::text FROM identity_map WHERE legacy_key = ?
     UNION ALL SELECT 'kyc_applications', id::text FROM kyc_applications WHERE legacy_key = ?
     UNION ALL SELECT 'consents', id::text FROM consents WHERE legacy_key = ?
     UNION ALL SELECT 'wallet_directory', id::text FROM wallet_directory WHERE identity_hash = ?`,
    [hash, hash, hash, hash, hash],
  );
  const targets: AuditTarget[] = [
    ...rowIds.map((row) => ({ table: row.table_name, record: row.id })),
    ...['users', 'identity_map', 'kyc_applications', 'consents'].map((table) => ({ table, record: hash })),
    { table: 'identities', record: identity.id },
    { table: 'identities', record: hash },
  ];
  // One `table = … AND record_id IN (…)` per table: a BitmapOr over the (table_name, record_id) index.
  const byTable = new Map<string, string[]>();
  for (const target of targets) byTable.set(target.table, [...(byTable.get(target.table) ?? []), target.record]);
  const matches = sql.or([...byTable].map(([table, records]) => sql`(a.table_name = ${table} AND a.record_id IN (${records}))`));
  const query = sql`SELECT a.id, a.seq::text AS seq, a.changed_at, coalesce(a.actor_label, a.changed_by::text) AS actor, a.source, a.action, a.table_name,
            a.record_id, host(a.ip_address) AS ip_address, a.user_agent, a.old_values, a.new_values
       FROM audit_trail a
      WHERE ${matches}
      ORDER BY a.seq DESC LIMIT ${limit}`;
  const rows = await em.execute<AuditRow[]>(query.text, [...query.values]);
  return rows.map((row) => toUserAuditEntry(row, hash));
}

function toUserAuditEntry(row: AuditRow, identityHash: string): UserAuditEntryDto {
  const newValues = row.new_values ?? {};
  let reason = typeof newValues.reason === 'string' ? newValues.reason : null;
  let changes: AuditFieldChange[];
  const tierLine = row.action.startsWith('TIER_') ? tierLineOf(newValues.rows, identityHash) : null;
  if (tierLine) {
    // A tier event (TIER_CHANGE, TIER_BULK_CHANGE, TIER_IMPORT) lists each user's line: this user's is the change.
    changes = [{ field: 'tier', before: tierLine.from ?? null, after: tierLine.to ?? null }];
    if (typeof tierLine.reason === 'string') reason = tierLine.reason;
  } else if (row.action === 'LEGACY_WRITE') {
    // A write event keeps each row's before/after under its legacy key: show this identity's record only.
    const before = (row.old_values?.[identityHash] ?? null) as Record<string, unknown> | null;
    const after = ((newValues.rows as Record<string, unknown> | undefined)?.[identityHash] ?? null) as Record<string, unknown> | null;
    const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
    changes = fields.map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }));
  } else {
    changes = diffValues(row.old_values, row.new_values).filter((change) => change.field !== 'reason');
  }
  return {
    id: row.id,
    seq: Number(row.seq),
    at: new Date(row.changed_at).toISOString(),
    actor: row.actor,
    source: row.source,
    action: row.action,
    table: row.table_name,
    reason,
    changes: changes.filter(shownChange),
  };
}

/** This identity's line of a tier event's `rows` (`{ identityHash, from, to, reason }`), if it has one. */
function tierLineOf(rows: unknown, identityHash: string): JsonObject | null {
  if (!Array.isArray(rows)) return null;
  const line = rows.find((candidate): candidate is JsonObject => isJsonObject(candidate) && candidate.identityHash === identityHash);
  return line ?? null;
}

// Changes made through the app or the legacy API record their own event (TIER_CHANGE…) beside the row
// entries of the same write; their row entries would list each change twice.
const ROW_ACTIONS = new Set(['INSERT', 'UPDATE', 'DELETE']);
const EVENT_WRITING_SOURCES = new Set(['admin-ui', 'api-token', 'legacy-api']);

/**
 * The tier changes among the identity's audit entries, newest first: the tier events, and the row entries
 * of changes that come with no event (the legacy server's own writes, brought in by the sync; imports).
 */
export function tierHistory(entries: readonly UserAuditEntryDto[]): TierChangeDto[] {
  return entries.flatMap((entry) => {
    const change = entry.changes.find((candidate) => candidate.field === 'tier');
    if (!change || (ROW_ACTIONS.has(entry.action) && EVENT_WRITING_SOURCES.has(entry.source))) return [];
    return [{ at: entry.at, actor: entry.actor, from: change.before, to: change.after, action: entry.action, reason: entry.reason }];
  });
}

/** Who looked at the identity's data, newest first: page views and reveals. */
export async function findUserDataAccess(em: EntityManager, identityId: string): Promise<DataAccessDto[]> {
  const rows = await em.execute<Array<{ id: string; accessed_at: Date; admin_label: string; kind: DataAccessDto['kind']; reason: string | null }>>(
    `SELECT id, accessed_at, admin_label, kind, reason FROM user_data_access WHERE identity_id = ?::uuid
      ORDER BY accessed_at DESC, id DESC LIMIT ${ACCESS_ENTRIES}`,
    [identityId],
  );
  return rows.map((row) => ({ id: row.id, at: new Date(row.accessed_at).toISOString(), who: row.admin_label, kind: row.kind, reason: row.reason }));
}
