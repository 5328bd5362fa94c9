import { isJsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { ACCOUNT_STATUSES, type AccountStatus } from './account-statuses';

export type { AccountStatus } from './account-statuses';

/**
 * Where an account's status is kept (decision 054): a member of the identity's identity-map.json
 * record, beside its tier. wallet-db.json maps each identity hash to a bare address string that the
 * legacy server reads as the address, so it has no room for one; the identity map is the legacy
 * per-identity object the admin routes already read and write (tiers). No legacy record holds a status
 * today, so an identity without this member is `active`, as the legacy users list has always said.
 */
export const ACCOUNT_STATUS_FIELD = 'accountStatus';

/** The planned legacy `users.status` vocabulary (legacy-contract §3). */

/** The status an identity-map record holds: its `accountStatus` when it is one of the statuses, else `active`. */
export function readAccountStatus(identityMapRecord: JsonValue | undefined): AccountStatus {
  const stored = isJsonObject(identityMapRecord) ? identityMapRecord[ACCOUNT_STATUS_FIELD] : undefined;
  return typeof stored === 'string' && (ACCOUNT_STATUSES as readonly string[]).includes(stored) ? (stored as AccountStatus) : 'active';
}

/**
 * `readAccountStatus` in SQL for the identity map row `m` (possibly absent: NULL → `active`). The member
 * is not a mapped field, so the import keeps it in `extra`; `->>` of a non-string is never a status word.
 */
export function accountStatusSql(alias: string): SqlFragment {
  const member = `${alias}.extra ->> '${ACCOUNT_STATUS_FIELD}'`;
  return sql.raw(`coalesce(CASE WHEN ${member} IN (${ACCOUNT_STATUSES.map((status) => `'${status}'`).join(', ')}) THEN ${member} END, 'active')`);
}
