import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { env } from '@/lib/env';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@/lib/private-files';
import { writeFileAtomically } from '@/lib/storage/legacy-file-lock';
import { LegacyApiError } from './legacy-api-error';
import type { UploadedFile } from './uploads';

export type StoredFile = { relativePath: string; sha256: string };

/**
 * Writes an uploaded file below the legacy data folder, where the legacy server kept uploads
 * (`uploads/kyc/…`, `uploads/assets/…`), through `.tmp` + rename so no reader sees half a file, and
 * audits it with its SHA-256. The folder name and file name come from the server, never the client.
 */
export async function storeUpload(
  // The legacy API's context, or an admin screen's: an EntityManager and the caller's audit context.
  context: { em: EntityManager | null; caller: { audit: AuditContext } },
  // `action` fits the audit trail's 20-character action column.
  {
    folder,
    fileName,
    file,
    action,
  }: { folder: string; fileName: string; file: UploadedFile; action: 'ASSET_IMAGE_UPLOADED' | 'ASSET_DOC_UPLOADED' | 'KYC_DOC_UPLOADED' },
): Promise<StoredFile> {
  const dataDir = env().LEGACY_DATA_DIR;
  if (!dataDir) throw new LegacyApiError(503, 'Uploads need LEGACY_DATA_DIR: the legacy data folder is not configured');
  if (!context.em) throw new LegacyApiError(503, 'Database unavailable');
  const relativePath = path.posix.join(folder, fileName);
  const target = path.join(dataDir, relativePath);
  await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  await writeFileAtomically(target, file.bytes, PRIVATE_FILE_MODE);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await context.em.transactional((tx) =>
    recordAuditEvent(
      tx,
      {
        action,
        tableName: 'legacy_files',
        recordId: relativePath,
        newValues: { originalName: file.originalName, size: file.size, mimeType: file.declaredType, sha256 },
      },
      context.caller.audit,
    ),
  );
  return { relativePath, sha256 };
}
