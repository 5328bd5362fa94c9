import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { revokeAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { decryptPii, encryptPii } from '@/lib/crypto';
import { AppError } from '@/lib/errors';
import { countHit } from '@/lib/hit-counter';
import { cacheKeyPrefix } from '@/lib/cache';
import { piiKeyring } from '@/lib/pii-keyring';

/**
 * TOTP second factor with single-use recovery codes (decision 057). RFC 6238 codes (SHA-1, 6 digits,
 * 30 s) through otplib, one step of clock drift either way; a step at or before the last accepted one
 * is refused, so a code seen over a shoulder or replayed from a log cannot be used again.
 */
const ISSUER = 'Pend Admin';
const SECRET_BYTES = 20; // RFC 4226's recommended 160 bits
const RECOVERY_CODE_COUNT = 10;
const STEP_SECONDS = 30;
const MAX_FAILURES_PER_SESSION = 5;

authenticator.options = { window: 1 };

type MfaRow = { secret_encrypted: string; enabled_at: string | null; last_step: string | null };

function sealSecret(secret: string): string {
  const sealed = encryptPii(piiKeyring(), secret);
  return `${sealed.keyId}:${sealed.ciphertext.toString('base64')}`;
}

function openSecret(sealed: string): string {
  const separator = sealed.indexOf(':');
  return decryptPii(piiKeyring(), sealed.slice(0, separator), Buffer.from(sealed.slice(separator + 1), 'base64'));
}

function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest();
}

async function findMfa(em: EntityManager, adminId: string): Promise<MfaRow | null> {
  const [row] = await em.execute<MfaRow[]>(`SELECT secret_encrypted, enabled_at, last_step FROM admin_mfa WHERE admin_id = ?`, [adminId]);
  return row ?? null;
}

/** The 30-second step a code belongs to, or null when it matches none in the window. */
function acceptedStep(secret: string, code: string, now: number): number | null {
  const delta = authenticator.checkDelta(code, secret);
  return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
}

/** Accepts a code only for a step after the last accepted one; the update is the check, so two concurrent uses cannot both pass. */
async function consumeTotp(em: EntityManager, adminId: string, secret: string, code: string, now: number): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const step = acceptedStep(secret, code, now);
  if (step === null) return false;
  const updated = await em.execute<Array<{ admin_id: string }>>(
    `UPDATE admin_mfa SET last_step = ? WHERE admin_id = ? AND (last_step IS NULL OR last_step < ?) RETURNING admin_id`,
    [step, adminId, step],
  );
  return updated.length === 1;
}

async function consumeRecoveryCode(em: EntityManager, adminId: string, code: string): Promise<boolean> {
  const used = await em.execute<Array<{ admin_id: string }>>(
    `UPDATE admin_recovery_codes SET used_at = now() WHERE admin_id = ? AND code_hash = ? AND used_at IS NULL RETURNING admin_id`,
    [adminId, hashRecoveryCode(code)],
  );
  return used.length === 1;
}

export type MfaStatus = { enrolled: boolean; recoveryCodesLeft: number };

export async function getMfaStatus(em: EntityManager, adminId: string): Promise<MfaStatus> {
  const [row] = await em.execute<Array<{ enrolled: boolean; left: string }>>(
    `SELECT EXISTS (SELECT 1 FROM admin_mfa WHERE admin_id = ? AND enabled_at IS NOT NULL) AS enrolled,
            (SELECT count(*) FROM admin_recovery_codes WHERE admin_id = ? AND used_at IS NULL) AS left`,
    [adminId, adminId],
  );
  return { enrolled: row.enrolled, recoveryCodesLeft: Number(row.left) };
}

/** A new secret for the authenticator app; enrolment completes when a code from it is confirmed. */
/**
 * A new secret for the admin's authenticator, as a key, an `otpauth://` link and a QR code of that link
 * (an SVG the library draws from paths only, so the page can embed it as markup).
 */
export async function startTotpEnrolment(em: EntityManager, actor: { id: string; email: string }): Promise<{ secret: string; uri: string; qrSvg: string }> {
  if ((await findMfa(em, actor.id))?.enabled_at) throw new AppError('CONFLICT', 'Two-step sign-in is already on; turn it off first.');
  const secret = authenticator.generateSecret(SECRET_BYTES);
  await em.execute(
    `INSERT INTO admin_mfa (admin_id, secret_encrypted) VALUES (?, ?)
     ON CONFLICT (admin_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted, enabled_at = NULL, last_step = NULL`,
    [actor.id, sealSecret(secret)],
  );
  const uri = authenticator.keyuri(actor.email, ISSUER, secret);
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) };
}

/** Turns TOTP on once a code from the new secret is given; returns the recovery codes, shown once. */
export async function confirmTotpEnrolment(
  em: EntityManager,
  actor: { id: string },
  code: string,
  audit: AuditContext,
  now = Date.now(),
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; fieldErrors: Record<string, string[]> }> {
  const row = await findMfa(em, actor.id);
  if (!row || row.enabled_at) throw new AppError('CONFLICT', 'Start the set-up again: there is no pending authenticator.');
  if (!(await consumeTotp(em, actor.id, openSecret(row.secret_encrypted), code, now))) {
    return { ok: false, fieldErrors: { code: ['That code is not valid. Enter the current 6-digit code from the app.'] } };
  }
  await em.execute(`UPDATE admin_mfa SET enabled_at = now() WHERE admin_id = ?`, [actor.id]);
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    randomBytes(8)
      .toString('hex')
      .replace(/(.{4})(?=.)/g, '$1-'),
  );
  await em.execute(`DELETE FROM admin_recovery_codes WHERE admin_id = ?`, [actor.id]);
  for (const recoveryCode of recoveryCodes) {
    await em.execute(`INSERT INTO admin_recovery_codes (admin_id, code_hash) VALUES (?, ?)`, [actor.id, hashRecoveryCode(recoveryCode)]);
  }
  await recordAuditEvent(
    em,
    { action: 'MFA_ENROLLED', tableName: 'admin_users', recordId: actor.id, newValues: { method: 'totp', recoveryCodes: RECOVERY_CODE_COUNT } },
    audit,
  );
  return { ok: true, recoveryCodes };
}

async function removeMfa(em: EntityManager, adminId: string): Promise<void> {
  await em.execute(`DELETE FROM admin_recovery_codes WHERE admin_id = ?`, [adminId]);
  await em.execute(`DELETE FROM admin_mfa WHERE admin_id = ?`, [adminId]);
}

/** The admin turns TOTP off with a current code or a recovery code (an open session alone is not enough). */
export async function disableTotp(
  em: EntityManager,
  actor: { id: string },
  code: string,
  audit: AuditContext,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string[]> }> {
  const row = await findMfa(em, actor.id);
  if (!row?.enabled_at) return { ok: true };
  const proven = (await consumeTotp(em, actor.id, openSecret(row.secret_encrypted), code, now)) || (await consumeRecoveryCode(em, actor.id, code));
  if (!proven) return { ok: false, fieldErrors: { code: ['That code is not valid.'] } };
  await removeMfa(em, actor.id);
  await recordAuditEvent(em, { action: 'MFA_DISABLED', tableName: 'admin_users', recordId: actor.id }, audit);
  return { ok: true };
}

/** A super admin clears another admin's second factor (lost phone); that admin enrols again at next sign-in if required. */
export async function resetAdminMfa(em: EntityManager, targetId: string, audit: AuditContext): Promise<void> {
  await removeMfa(em, targetId);
  await em.execute(`UPDATE admin_sessions SET revoked_at = now() WHERE admin_id = ? AND revoked_at IS NULL`, [targetId]);
  await recordAuditEvent(em, { action: 'MFA_RESET', tableName: 'admin_users', recordId: targetId }, audit);
}

/**
 * The second step of a sign-in: a current TOTP code (not replayed) or an unused recovery code clears the
 * session's pending flag. After five wrong codes the session is revoked and the password is needed again.
 */
export async function verifySecondFactor(
  em: EntityManager,
  session: { adminId: string; sessionId: string },
  code: string,
  audit: AuditContext,
  now = Date.now(),
): Promise<{ ok: true; method: 'totp' | 'recovery-code' } | { ok: false; sessionEnded: boolean }> {
  const row = await findMfa(em, session.adminId);
  const trimmed = code.trim();
  let method: 'totp' | 'recovery-code' | null = null;
  if (row?.enabled_at) {
    if (await consumeTotp(em, session.adminId, openSecret(row.secret_encrypted), trimmed, now)) method = 'totp';
    else if (await consumeRecoveryCode(em, session.adminId, trimmed)) method = 'recovery-code';
  }
  if (!method) {
    const failures = await countHit(`${cacheKeyPrefix()}mfa-failures:${session.sessionId}`, 15 * 60_000);
    const sessionEnded = failures >= MAX_FAILURES_PER_SESSION;
    if (sessionEnded) await revokeAdminSession(em, session.sessionId);
    await recordAuditEvent(em, { action: 'MFA_FAILED', tableName: 'admin_users', recordId: session.adminId, newValues: { failures, sessionEnded } }, audit);
    return { ok: false, sessionEnded };
  }
  await em.execute(`UPDATE admin_sessions SET mfa_pending = false WHERE id = ?`, [session.sessionId]);
  await recordAuditEvent(em, { action: 'MFA_VERIFIED', tableName: 'admin_users', recordId: session.adminId, newValues: { method } }, audit);
  return { ok: true, method };
}

/** Whether a sign-in needs the second step: the account has TOTP on. */
export async function hasMfaEnabled(em: EntityManager, adminId: string): Promise<boolean> {
  return !!(await findMfa(em, adminId))?.enabled_at;
}
