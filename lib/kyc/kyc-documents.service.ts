import { createHash } from 'node:crypto';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AuditContext } from '@/lib/audit/audit-context';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { hashStoredFile } from '@/lib/migration/managed-storage';
import { openStoredFile, SealedFileError } from '@/lib/migration/sealed-files';
import type { DocumentLinkClaims } from './document-links';
import { findAccessReason, findKycDocument, type KycDocumentRow } from './kyc.repository';
import { chooseAccessReasonSchema, type KycAccessReason } from './kyc.schemas';

/** The media types a reviewer's browser may render; anything else is offered as a download only. */
const RENDERABLE = new Set(['image/jpeg', 'image/png', 'application/pdf']);

/** Records why this reviewer opens this case's documents; chosen once, later views reuse it. */
export async function chooseAccessReason(em: EntityManager, actor: Actor, input: { identityHash: string; reason: KycAccessReason }): Promise<KycAccessReason> {
  const { identityHash, reason } = chooseAccessReasonSchema.parse(input);
  const [exists] = await em.execute(`SELECT 1 FROM kyc_applications WHERE legacy_key = ?`, [identityHash]);
  if (!exists) throw new AppError('NOT_FOUND', 'No KYC application with this id.');
  await em.execute(
    `INSERT INTO kyc_case_access (application_key, admin_id, reason) VALUES (?, ?::uuid, ?) ON CONFLICT (application_key, admin_id) DO NOTHING`,
    [identityHash, actor.id, reason],
  );
  return (await findAccessReason(em, identityHash, actor.id)) as KycAccessReason;
}

export type DocumentIntegrity = { state: 'intact' } | { state: 'missing'; detail: string } | { state: 'differs'; detail: string };

/** Where a document's file lives in managed storage. */
export function storedFile(storagePath: string): string {
  return path.join(path.resolve(env().KYC_STORAGE_DIR), storagePath);
}

/** Whether the managed file still has the bytes its record names (SHA-256 and size). */
export async function checkDocumentIntegrity(document: Pick<KycDocumentRow, 'status' | 'sha256' | 'storage_path' | 'actual_size'>): Promise<DocumentIntegrity> {
  if (document.status === 'missing' || !document.sha256 || !document.storage_path) {
    return { state: 'missing', detail: 'The legacy upload had no file; nothing was stored.' };
  }
  const found = await hashStoredFile(storedFile(document.storage_path)).catch((error: unknown) => {
    if (error instanceof SealedFileError) return 'altered' as const;
    throw error;
  });
  if (!found) return { state: 'missing', detail: 'The stored file is gone from managed storage.' };
  if (found === 'altered') return { state: 'differs', detail: 'The stored file is sealed but fails its integrity check (altered on disk).' };
  if (found.sha256 !== document.sha256 || found.size !== document.actual_size) {
    return { state: 'differs', detail: `The stored file's SHA-256 is ${found.sha256} (${found.size} bytes), not the recorded one.` };
  }
  return { state: 'intact' };
}

/**
 * A stored file's plaintext (decrypted when sealed); null when a sealed file fails its integrity
 * check. The route sends one buffer, so the plaintext is gathered here; decryption itself streams.
 */
export async function readPlaintext(file: string): Promise<Buffer | null> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await openStoredFile(file)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', 'The stored file is gone from managed storage.');
    if (error instanceof SealedFileError) return null;
    throw error;
  }
}

export type ServedDocument = { bytes: Buffer; mimeType: string; filename: string; disposition: 'inline' | 'attachment' };

/**
 * A document's bytes for a verified link, after three checks: the viewer chose a reason for this case
 * (FORBIDDEN otherwise), the file exists (NOT_FOUND) and still has its recorded SHA-256 (CONFLICT: a
 * changed file is never shown as the applicant's). The view or download is audited with the reason, in
 * the route's transaction, before a byte is sent.
 */
export async function readDocumentForViewer(em: EntityManager, actor: Actor, claims: DocumentLinkClaims, audit: AuditContext): Promise<ServedDocument> {
  const document = await findKycDocument(em, claims.documentId);
  if (!document) throw new AppError('NOT_FOUND', 'No such document.');
  const reason = await findAccessReason(em, document.identity_hash, actor.id);
  if (!reason) throw new AppError('FORBIDDEN', 'Choose why you are opening this case’s documents first.');
  if (!document.sha256 || !document.storage_path) throw new AppError('NOT_FOUND', 'This document has no stored file.');
  const bytes = await readPlaintext(storedFile(document.storage_path));
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== document.sha256) {
    throw new AppError('CONFLICT', 'The stored file differs from its record (SHA-256); it is not shown.');
  }
  const mimeType = document.mime_type && RENDERABLE.has(document.mime_type) ? document.mime_type : 'application/octet-stream';
  const disposition = mimeType === 'application/octet-stream' ? 'attachment' : claims.disposition;
  await recordAuditEvent(
    em,
    {
      action: disposition === 'attachment' ? 'KYC_DOC_DOWNLOADED' : 'KYC_DOC_VIEWED',
      tableName: 'kyc_documents',
      recordId: document.id,
      newValues: { identityHash: document.identity_hash, documentType: document.document_type ?? document.doc_type_legacy, reason, sha256: document.sha256 },
    },
    audit,
  );
  const filename = document.original_filename ?? `${document.doc_type_legacy}${path.extname(document.storage_path)}`;
  return { bytes, mimeType, filename, disposition };
}
