import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { KYC_LEASE_MINUTES, REQUESTED_TIER_SQL } from './kyc-rules';

export type ClaimResult = { identityHash: string; leaseExpiresAt: Date; takenOverFrom: string | null } | null;

type CaseLock = { id: string; application_key: string; assignee_id: string | null; lease_expires_at: Date | null; lease_live: boolean; status: string | null };

const OPEN = `a.status IN ('pending_review', 'under_review')`;
const PRIORITY = `(CASE WHEN c.resubmission_requested_at IS NOT NULL THEN 2 ELSE 0 END) + (CASE WHEN coalesce(c.requested_tier, ${REQUESTED_TIER_SQL}) >= 4 THEN 1 ELSE 0 END)`;

/**
 * Opens a review case for every open application without one, so claims can lock case rows. Concurrent
 * callers insert the same keys at most once (a second waits for the first's insert, then skips it); the
 * key order keeps two of them from waiting on each other.
 */
export async function openMissingCases(em: EntityManager): Promise<void> {
  await em.execute(
    `INSERT INTO kyc_review_cases (application_key)
     SELECT a.legacy_key FROM kyc_applications a
      WHERE ${OPEN} AND NOT EXISTS (SELECT 1 FROM kyc_review_cases c WHERE c.application_key = a.legacy_key)
      ORDER BY a.legacy_key
     ON CONFLICT (application_key) DO NOTHING`,
  );
}

/**
 * Gives the reviewer the highest-priority open case nobody holds (never claimed, released, or whose
 * lease ran out), with a lease of KYC_LEASE_MINUTES. The case row is locked `FOR UPDATE SKIP LOCKED`
 * and the "nobody holds it" test is on that locked row, so two reviewers claiming at the same moment
 * never get the same case: the second skips the first's row, or re-reads it claimed and moves on.
 * `em` must be in a transaction (the wrapper's); null means nothing is left to claim.
 */
export async function claimNextCase(em: EntityManager, actor: Actor): Promise<ClaimResult> {
  const [candidate] = await em.execute<CaseLock[]>(
    `SELECT c.id, c.application_key, c.assignee_id, c.lease_expires_at, coalesce(c.lease_expires_at > now(), false) AS lease_live, a.status
       FROM kyc_review_cases c JOIN kyc_applications a ON a.legacy_key = c.application_key
      WHERE ${OPEN} AND (c.assignee_id IS NULL OR c.lease_expires_at <= now())
      ORDER BY ${PRIORITY} DESC, a.last_updated_at ASC NULLS LAST, a.id
      LIMIT 1
      FOR UPDATE OF c SKIP LOCKED`,
  );
  if (!candidate) return null;
  return takeLease(em, actor, candidate);
}

/** What the claim-next action runs, in its one transaction: open the missing cases, then claim. */
export async function claimNext(em: EntityManager, actor: Actor): Promise<ClaimResult> {
  await openMissingCases(em);
  return claimNextCase(em, actor);
}

/** Claims one named case: refused while another reviewer's lease on it runs; the caller's own claim is renewed. */
export async function claimCase(em: EntityManager, actor: Actor, identityHash: string): Promise<NonNullable<ClaimResult>> {
  await em.execute(
    `INSERT INTO kyc_review_cases (application_key) SELECT legacy_key FROM kyc_applications WHERE legacy_key = ? ON CONFLICT (application_key) DO NOTHING`,
    [identityHash],
  );
  const current = await lockCase(em, identityHash);
  if (!current) throw new AppError('NOT_FOUND', 'No KYC application with this id.');
  if (current.status !== 'pending_review' && current.status !== 'under_review') throw new AppError('CONFLICT', 'This application is already decided.');
  if (current.assignee_id && current.assignee_id !== actor.id && current.lease_live) {
    throw new AppError('CONFLICT', 'Another reviewer holds this case. It becomes free when they decide or their lease runs out.');
  }
  return takeLease(em, actor, current);
}

async function takeLease(em: EntityManager, actor: Actor, current: CaseLock): Promise<NonNullable<ClaimResult>> {
  const takenOverFrom = current.assignee_id && current.assignee_id !== actor.id ? current.assignee_id : null;
  const [row] = await em.execute<Array<{ lease_expires_at: Date }>>(
    `UPDATE kyc_review_cases SET assignee_id = ?::uuid, claimed_at = now(), lease_expires_at = now() + make_interval(mins => ?::int), updated_at = now()
      WHERE id = ?::uuid RETURNING lease_expires_at`,
    [actor.id, KYC_LEASE_MINUTES, current.id],
  );
  await recordCaseEvent(em, actor, current.application_key, 'claimed', takenOverFrom ? { takenOverFrom, leaseExpiredAt: current.lease_expires_at } : {});
  return { identityHash: current.application_key, leaseExpiresAt: row.lease_expires_at, takenOverFrom };
}

/** The case row locked for this transaction, with its application's status (null status: the application is gone). */
export async function lockCase(em: EntityManager, identityHash: string): Promise<CaseLock | null> {
  const [row] = await em.execute<CaseLock[]>(
    `SELECT c.id, c.application_key, c.assignee_id, c.lease_expires_at, coalesce(c.lease_expires_at > now(), false) AS lease_live, a.status
       FROM kyc_review_cases c LEFT JOIN kyc_applications a ON a.legacy_key = c.application_key
      WHERE c.application_key = ? FOR UPDATE OF c`,
    [identityHash],
  );
  return row ?? null;
}

/**
 * The case locked and proven to be the caller's: claimed by them and not taken over since. A lease that
 * ran out while nobody else claimed the case still counts (the reviewer only paused); one another
 * reviewer claimed after it ran out does not.
 */
export async function requireOwnCase(em: EntityManager, actor: Actor, identityHash: string): Promise<CaseLock> {
  const current = await lockCase(em, identityHash);
  if (!current?.assignee_id) throw new AppError('FORBIDDEN', 'Claim this case before deciding it.');
  if (current.assignee_id !== actor.id) throw new AppError('FORBIDDEN', 'Another reviewer holds this case now; your claim ended.');
  return current;
}

/** Extends the caller's lease while the case stays open in their browser; false when the case is no longer theirs. */
export async function renewLease(em: EntityManager, actor: Actor, identityHash: string): Promise<Date | null> {
  const [row] = await em.execute<Array<{ lease_expires_at: Date }>>(
    `UPDATE kyc_review_cases SET lease_expires_at = now() + make_interval(mins => ?::int)
      WHERE application_key = ? AND assignee_id = ?::uuid RETURNING lease_expires_at`,
    [KYC_LEASE_MINUTES, identityHash, actor.id],
  );
  return row?.lease_expires_at ?? null;
}

/** Gives the case back to the queue (the reviewer's choice, or a decision). */
export async function releaseCase(em: EntityManager, actor: Actor, identityHash: string, why: 'released' | 'decided'): Promise<void> {
  await em.execute(`UPDATE kyc_review_cases SET assignee_id = NULL, claimed_at = NULL, lease_expires_at = NULL, updated_at = now() WHERE application_key = ?`, [
    identityHash,
  ]);
  if (why === 'released') await recordCaseEvent(em, actor, identityHash, 'released', {});
}

export type KycEventKind = 'claimed' | 'released' | 'approved' | 'rejected' | 'resubmission_requested' | 'note';

export async function recordCaseEvent(
  em: EntityManager,
  actor: Actor,
  identityHash: string,
  kind: KycEventKind,
  details: Record<string, unknown>,
): Promise<void> {
  await em.execute(`INSERT INTO kyc_case_events (application_key, kind, actor_id, actor_label, details) VALUES (?, ?, ?::uuid, ?, ?::jsonb)`, [
    identityHash,
    kind,
    actor.id,
    actor.name || actor.email,
    JSON.stringify(details),
  ]);
}
