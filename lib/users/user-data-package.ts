import { createHash } from 'node:crypto';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import archiver from 'archiver';
import { z } from 'zod';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError } from '@/lib/errors';
import { readPlaintext, storedFile } from '@/lib/kyc/kyc-documents.service';
import { decryptStoredPhone } from './phone-reveal';
import { recordUserDataAccess } from './user-data-access';
import { findUserAudit, findUserIdentity } from './user-page.repository';
import { accessReasonSchema, identityIdSchema } from './user-page.schemas';

export const userDataPackageSchema = z.object({ identityId: identityIdSchema, reason: accessReasonSchema });
export type UserDataPackageInput = z.infer<typeof userDataPackageSchema>;

/**
 * Every table that holds rows about a person, and the column naming them: the identity hash, or the
 * KYC application key (which is the identity hash). Read whole, so a column added later is in the
 * package without a change here; internal columns (ciphertexts, blind indexes, search tokens, key ids)
 * are left out, the phone is given once in clear instead.
 */
const SOURCES = [
  { table: 'identities', column: 'identity_hash' },
  { table: 'users', column: 'identity_hash' },
  { table: 'identity_map', column: 'identity_hash' },
  { table: 'user_profiles', column: 'identity_hash' },
  { table: 'user_directory', column: 'identity_hash' },
  { table: 'wallet_directory', column: 'identity_hash' },
  { table: 'kyc_applications', column: 'identity_hash' },
  { table: 'kyc_documents', column: 'identity_hash' },
  { table: 'kyc_review_cases', column: 'application_key' },
  { table: 'kyc_case_events', column: 'application_key' },
  { table: 'kyc_upload_usage', column: 'identity_hash' },
  { table: 'consents', column: 'identity_hash' },
  { table: 'transaction_log', column: 'identity_hash' },
] as const;

/** Everything the audit trail holds about the person (the user page shows the newest 100). */
const AUDIT_ENTRIES = 100_000;

type KycFile = { name: string; documentId: string; sha256: string; bytes: Buffer };
type SkippedFile = { documentId: string; reason: string };

export type UserDataPackage = { fileName: string; body: Readable; done: Promise<void> };

/** A file name safe inside the zip: no folders, no control characters. */
const safeName = (name: string) =>
  path
    .basename(name)
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .slice(0, 120) || 'file';

async function internalColumns(em: EntityManager, table: string): Promise<string[]> {
  const rows = await em.execute<Array<{ column_name: string }>>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ? AND (data_type = 'bytea' OR column_name ~ '(_token|_tokens|_hmac|_key_id|_encrypted)$')`,
    [table],
  );
  return rows.map((row) => row.column_name);
}

async function rowsOf(em: EntityManager, table: string, column: string, identityHash: string): Promise<unknown[]> {
  const hidden = await internalColumns(em, table);
  // Table and column come from SOURCES (constants), never from input.
  const rows = await em.execute<Array<{ row: unknown }>>(
    `SELECT to_jsonb(t) - ?::text[] AS row FROM ${table} t WHERE t.${column} = ? ORDER BY (to_jsonb(t) ->> 'id')`,
    // As an array literal: column names are plain identifiers, and an empty list must still be an array.
    [`{${hidden.join(',')}}`, identityHash],
  );
  return rows.map((row) => row.row);
}

/** The person's KYC document files, each checked against its recorded SHA-256 (a changed or missing file is listed, not packed). */
async function kycFiles(em: EntityManager, identityHash: string): Promise<{ files: KycFile[]; skipped: SkippedFile[] }> {
  const documents = await em.execute<
    Array<{ id: string; sha256: string | null; storage_path: string | null; original_filename: string | null; doc_type_legacy: string }>
  >(`SELECT id, sha256, storage_path, original_filename, doc_type_legacy FROM kyc_documents WHERE identity_hash = ? ORDER BY id`, [identityHash]);
  const files: KycFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const document of documents) {
    if (!document.sha256 || !document.storage_path) {
      skipped.push({ documentId: document.id, reason: 'The legacy upload had no file.' });
      continue;
    }
    const bytes = await readPlaintext(storedFile(document.storage_path)).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return 'missing' as const;
      throw error;
    });
    if (bytes === 'missing') {
      skipped.push({ documentId: document.id, reason: 'The stored file is gone from managed storage.' });
    } else if (!bytes || createHash('sha256').update(bytes).digest('hex') !== document.sha256) {
      skipped.push({ documentId: document.id, reason: 'The stored file differs from its record (SHA-256).' });
    } else {
      const original = document.original_filename ?? `${document.doc_type_legacy}${path.extname(document.storage_path)}`;
      files.push({ name: `kyc-documents/${document.id.slice(0, 8)}-${safeName(original)}`, documentId: document.id, sha256: document.sha256, bytes });
    }
  }
  return { files, skipped };
}

/**
 * A person's data package for GDPR portability (decision 072): `data.json` (the identity, every row of
 * every table about them, the phone number in clear, the audit entries about them and the log of who
 * looked at their data) and their KYC document files, in one zip streamed by archiver. Needs
 * `users:reveal-pii` (the caller's wrapper) and a reason: recorded as a USER_DATA_PACKAGE audit event
 * (with the SHA-256 of data.json and of every file) and on the person's access log before the first byte.
 */
export async function buildUserDataPackage(
  em: EntityManager,
  { actor, audit, input }: { actor: Actor; audit: AuditContext; input: UserDataPackageInput },
): Promise<UserDataPackage> {
  const { identityId, reason } = userDataPackageSchema.parse(input);
  const identity = await findUserIdentity(em, identityId, { showIdentityHash: true });
  if (!identity) throw new AppError('NOT_FOUND', 'No such user.');
  const identityHash = identity.identityHash!;
  const generatedAt = new Date();

  const records: Record<string, unknown[]> = {};
  for (const source of SOURCES) records[source.table] = await rowsOf(em, source.table, source.column, identityHash);
  const phone = await decryptStoredPhone(em, identityHash);
  const auditEntries = await findUserAudit(em, { id: identityId, identityHash }, { limit: AUDIT_ENTRIES });
  const dataAccess = await em.execute(
    `SELECT accessed_at, admin_label, kind, reason FROM user_data_access WHERE identity_id = ?::uuid ORDER BY accessed_at, id`,
    [identityId],
  );
  const { files, skipped } = await kycFiles(em, identityHash);

  const data = {
    about: {
      description: 'Everything Pend Admin holds about this person (GDPR Art. 15 and 20), as of generatedAt.',
      generatedAt: generatedAt.toISOString(),
      generatedBy: actor.email,
      reason,
      identityId,
      identityHash,
      kycFiles: files.map((file) => ({ name: file.name, documentId: file.documentId, sha256: file.sha256, sizeBytes: file.bytes.length })),
      kycFilesNotIncluded: skipped,
    },
    identity,
    phone: phone ? { number: phone.value, source: phone.source } : null,
    records,
    auditEntries,
    dataAccess,
  };
  const json = Buffer.from(`${JSON.stringify(data, null, 2)}\n`);

  await recordAuditEvent(
    em,
    {
      action: 'USER_DATA_PACKAGE',
      tableName: 'identities',
      recordId: identityId,
      newValues: {
        reason,
        dataSha256: createHash('sha256').update(json).digest('hex'),
        files: files.map((file) => ({ name: file.name, sha256: file.sha256 })),
        rows: Object.fromEntries(Object.entries(records).map(([table, rows]) => [table, rows.length])),
      },
    },
    audit,
  );
  await recordUserDataAccess(em, { identityId, actor, kind: 'data_package', reason });

  const archive = archiver('zip', { zlib: { level: 6 } });
  const body = new PassThrough();
  const done = new Promise<void>((resolve, reject) => {
    archive.on('error', (error) => {
      body.destroy(error);
      reject(error);
    });
    body.on('finish', resolve);
    body.on('close', resolve);
  });
  archive.pipe(body);
  archive.append(json, { name: 'data.json', date: generatedAt });
  for (const file of files) archive.append(file.bytes, { name: file.name, date: generatedAt });
  void archive.finalize();
  const stamp = generatedAt.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { fileName: `user-data-${identityId.slice(0, 8)}-${stamp}.zip`, body, done };
}
