import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError } from '@/lib/errors';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { unsealPii } from '@/lib/migration/sealed-pii';
import { revealFindingSchema, type RevealFindingInput } from './migration-dashboard.schemas';

/** What a reveal shows: the record or the two values as the legacy file holds them, phones decrypted. */
export type RevealedFinding = { kind: 'quarantine'; record: string } | { kind: 'mismatch'; legacyValue: string | null; dbValue: string | null };

const pretty = (text: string) => JSON.stringify(unsealPii(JSON.parse(text) as JsonValue), null, 2);

/**
 * A quarantined record or a mismatch's values with their sealed phone numbers decrypted (decision 064),
 * for one admin who gave a reason. The reveal is an audit event (who, why, which finding) in the caller's
 * transaction with nothing else: a failed write reveals nothing. The caller checks `users:reveal-pii`
 * (the action) and `migration:read` (the page that offers it).
 */
export async function revealFinding(em: EntityManager, input: RevealFindingInput, audit: AuditContext): Promise<RevealedFinding> {
  const { kind, id, reason } = revealFindingSchema.parse(input);
  let revealed: RevealedFinding;
  if (kind === 'quarantine') {
    const [row] = await em.execute<Array<{ raw_text: string }>>(`SELECT raw_text FROM migration_quarantine WHERE id = ?::uuid`, [id]);
    if (!row) throw new AppError('NOT_FOUND', 'No such quarantined record.');
    revealed = { kind, record: pretty(row.raw_text) };
  } else {
    const [row] = await em.execute<Array<{ legacy_value: string | null; db_value: string | null }>>(
      `SELECT legacy_value::text AS legacy_value, db_value::text AS db_value FROM migration_mismatches WHERE id = ?::bigint`,
      [id],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such mismatch.');
    revealed = { kind, legacyValue: row.legacy_value === null ? null : pretty(row.legacy_value), dbValue: row.db_value === null ? null : pretty(row.db_value) };
  }
  await recordAuditEvent(
    em,
    { action: 'FINDING_PII_REVEALED', tableName: kind === 'quarantine' ? 'migration_quarantine' : 'migration_mismatches', recordId: id, newValues: { reason } },
    audit,
  );
  return revealed;
}
