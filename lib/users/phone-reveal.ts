import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { decryptPii } from '@/lib/crypto';
import { AppError } from '@/lib/errors';
import { piiKeyring } from '@/lib/pii-keyring';
import { recordUserDataAccess } from './user-data-access';
import { findIdentityHash } from './user-page.repository';
import { revealPhoneSchema, type RevealPhoneInput } from './user-page.schemas';

// Legacy log rows may hold a masked number (`+201XXXXXXXX`) in the phone field; only a whole number is revealed.
const WHOLE_NUMBER = /^\+?\d{6,15}$/;
const LOG_CANDIDATES = 20;

type Ciphertext = { ciphertext: string; key_id: string };
type PhoneSource = 'wallet-directory' | 'transaction-log';

/**
 * The identity's full phone number, decrypted on the server for one admin who gave a reason. The
 * reveal is an audit event (who, why, when, which user: the chain records the actor and time) and an
 * access-log record, both in the caller's transaction with nothing else: a failed write reveals nothing.
 * The number comes from the wallet directory (the registration record), else from the newest
 * transaction-log entry that holds a whole number. The caller checks `users:reveal-pii`.
 */
export async function revealPhone(em: EntityManager, actor: Actor, input: RevealPhoneInput, audit: AuditContext): Promise<{ phone: string }> {
  const { identityId, reason } = revealPhoneSchema.parse(input);
  const identityHash = await findIdentityHash(em, identityId);
  if (!identityHash) throw new AppError('NOT_FOUND', 'No such user.');
  const phone = await decryptStoredPhone(em, identityHash);
  if (!phone) throw new AppError('NOT_FOUND', 'No phone number is stored for this user.');
  await recordAuditEvent(
    em,
    { action: 'USER_PHONE_REVEALED', tableName: 'identities', recordId: identityId, newValues: { reason, source: phone.source } },
    audit,
  );
  await recordUserDataAccess(em, { identityId, actor, kind: 'phone_reveal', reason });
  return { phone: phone.value };
}

/** The identity's whole phone number decrypted (registration record first), or null; the caller audits the reveal. */
export async function decryptStoredPhone(em: EntityManager, identityHash: string): Promise<{ value: string; source: PhoneSource } | null> {
  const keyring = piiKeyring();
  const queries: Array<[PhoneSource, string]> = [
    [
      'wallet-directory',
      `SELECT encode(full_phone_encrypted, 'base64') AS ciphertext, full_phone_key_id AS key_id
         FROM wallet_directory WHERE identity_hash = ? AND full_phone_encrypted IS NOT NULL ORDER BY legacy_position LIMIT 1`,
    ],
    [
      'transaction-log',
      `SELECT encode(phone_encrypted, 'base64') AS ciphertext, phone_key_id AS key_id
         FROM transaction_log WHERE identity_hash = ? AND phone_encrypted IS NOT NULL ORDER BY occurred_at DESC NULLS LAST LIMIT ${LOG_CANDIDATES}`,
    ],
  ];
  for (const [source, query] of queries) {
    for (const candidate of await em.execute<Ciphertext[]>(query, [identityHash])) {
      const value = decryptPii(keyring, candidate.key_id, Buffer.from(candidate.ciphertext, 'base64'));
      if (WHOLE_NUMBER.test(value)) return { value, source };
    }
  }
  return null;
}

/**
 * Whole phone numbers of many identities (by their opaque ids) decrypted in two queries, with the same
 * precedence as `decryptStoredPhone`: the registration record first, else the newest transaction-log
 * entries. Identities without a whole number are absent from the map. The caller checks
 * `users:reveal-pii` and audits the reveal (an export records it once, with its reason).
 */
export async function decryptStoredPhones(em: EntityManager, identityIds: string[]): Promise<Map<string, string>> {
  const phones = new Map<string, string>();
  if (!identityIds.length) return phones;
  decryptWholeNumbers(
    phones,
    await em.execute<KeyedCiphertext[]>(
      `SELECT i.id::text AS id, encode(w.full_phone_encrypted, 'base64') AS ciphertext, w.full_phone_key_id AS key_id
         FROM identities i JOIN wallet_directory w ON w.identity_hash = i.identity_hash
        WHERE i.id = ANY(?::uuid[]) AND w.full_phone_encrypted IS NOT NULL
        ORDER BY i.id, w.legacy_position`,
      [`{${identityIds.join(',')}}`],
    ),
  );
  const missing = identityIds.filter((id) => !phones.has(id));
  if (missing.length) {
    decryptWholeNumbers(
      phones,
      await em.execute<KeyedCiphertext[]>(
        `SELECT i.id::text AS id, t.ciphertext, t.key_id
           FROM identities i
           CROSS JOIN LATERAL (
             SELECT encode(phone_encrypted, 'base64') AS ciphertext, phone_key_id AS key_id, occurred_at
               FROM transaction_log WHERE identity_hash = i.identity_hash AND phone_encrypted IS NOT NULL
              ORDER BY occurred_at DESC NULLS LAST LIMIT ${LOG_CANDIDATES}
           ) t
          WHERE i.id = ANY(?::uuid[])
          ORDER BY i.id, t.occurred_at DESC NULLS LAST`,
        [`{${missing.join(',')}}`],
      ),
    );
  }
  return phones;
}

/**
 * The whole phone number each wallet-directory row holds (by the row's id, as the wallets grid lists them),
 * decrypted in one query: the wallet's own registration record, so the number is the one its masked phone
 * stands for. Wallets without a whole number are absent from the map. The caller checks `users:reveal-pii`
 * and audits the reveal.
 */
export async function decryptWalletPhones(em: EntityManager, walletIds: string[]): Promise<Map<string, string>> {
  const phones = new Map<string, string>();
  if (!walletIds.length) return phones;
  decryptWholeNumbers(
    phones,
    await em.execute<KeyedCiphertext[]>(
      `SELECT id::text AS id, encode(full_phone_encrypted, 'base64') AS ciphertext, full_phone_key_id AS key_id
         FROM wallet_directory WHERE id = ANY(?::uuid[]) AND full_phone_encrypted IS NOT NULL`,
      [`{${walletIds.join(',')}}`],
    ),
  );
  return phones;
}

type KeyedCiphertext = Ciphertext & { id: string };

/** Adds each row's number to `phones` under its id when it is a whole number and the id has none yet (rows come in precedence order). */
function decryptWholeNumbers(phones: Map<string, string>, rows: KeyedCiphertext[]): void {
  const keyring = piiKeyring();
  for (const row of rows) {
    if (phones.has(row.id)) continue;
    const value = decryptPii(keyring, row.key_id, Buffer.from(row.ciphertext, 'base64'));
    if (WHOLE_NUMBER.test(value)) phones.set(row.id, value);
  }
}
