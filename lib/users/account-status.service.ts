import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import { writeLegacyRows, type RowWriteResult } from '@/lib/storage/write-rows';
import { ACCOUNT_STATUS_FIELD, readAccountStatus, type AccountStatus } from './account-status';
import { changeAccountStatusSchema, type ChangeAccountStatusInput } from './user-page.schemas';

type WriteOptions = { context: AuditContext; sourceDir?: string; syncTimeoutMs?: number };

export type AccountStatusResult = { mode: RowWriteResult['mode']; from: AccountStatus; to: AccountStatus };

const TARGET = { suspend: 'suspended', reactivate: 'active' } as const;

/**
 * Suspends or reactivates a registered user through the storage mode's write path: the identity's
 * identity-map.json record gets `accountStatus` (decision 054), so the legacy users routes report it at
 * once, in either mode. The check runs on the record as stored now, under the write's lock: suspending
 * a suspended account or reactivating an active one is a CONFLICT (someone else did it meanwhile).
 * One audit event names the change and the typed reason, against the user's page id, beside the row
 * entry the trigger (or the sync) records. The caller checks `users:write`.
 */
export async function changeAccountStatus(em: EntityManager, input: ChangeAccountStatusInput, options: WriteOptions): Promise<AccountStatusResult> {
  const { identityId, action, reason } = changeAccountStatusSchema.parse(input);
  const [identity] = await em.execute<Array<{ identity_hash: string; in_registry: boolean; in_identity_map: boolean }>>(
    `SELECT identity_hash, in_registry, in_identity_map FROM identities WHERE id = ?::uuid`,
    [identityId],
  );
  if (!identity) throw new AppError('NOT_FOUND', 'No such user.');
  if (!identity.in_registry) throw new AppError('VALIDATION', 'This identity is not registered (not in wallet-db.json): it has no account to suspend.');
  if (!identity.in_identity_map) {
    throw new AppError('VALIDATION', 'This user has no identity-map record, where the account status is kept; it cannot be changed here.');
  }
  const to = TARGET[action];
  let from: AccountStatus = 'active';
  const result = await writeLegacyRows(em, {
    source: 'identity-map',
    keys: [identity.identity_hash],
    ...options,
    edit: (current) => {
      from = readAccountStatus(current);
      if (action === 'suspend' && from === 'suspended') throw new AppError('CONFLICT', 'This account is already suspended; reload the page.');
      if (action === 'reactivate' && from !== 'suspended') throw new AppError('CONFLICT', `This account is ${from}, not suspended; reload the page.`);
      return { kind: 'apply', value: { ...current, [ACCOUNT_STATUS_FIELD]: to } };
    },
    auditEvent: (_outcomes, mode) => ({
      action: action === 'suspend' ? 'USER_SUSPENDED' : 'USER_REACTIVATED',
      tableName: 'identities',
      recordId: identityId,
      oldValues: { accountStatus: from },
      newValues: { accountStatus: to, reason, mode },
    }),
  });
  const [outcome] = result.outcomes;
  if (outcome.status === 'skipped') throw new AppError('NOT_FOUND', 'This user’s identity-map record is no longer in the legacy data.');
  if (outcome.status === 'failed') throw new AppError('VALIDATION', `The account status was not changed: ${outcome.reason}.`);
  return { mode: result.mode, from, to };
}
