import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hasPermission } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { findExportJobById } from './export.repository';
import { EXPORT_GRIDS } from './export-grids';
import type { ExportGridId } from './export.schemas';
import { FILE_TYPES } from './plan-export';

export type ExportFile = { body: Readable; fileName: string; contentType: string; sizeBytes: number; sha256: string };

/**
 * A kept export's file for its requester (or anyone with `audit:read`) who still opens its grid,
 * recorded as an EXPORT_DOWNLOADED audit entry before the first byte. Others get NOT_FOUND.
 */
export async function openExportFile(em: EntityManager, { actor, audit, id }: { actor: Actor; audit: AuditContext; id: string }): Promise<ExportFile> {
  const job = await findExportJobById(em, id);
  if (!job || (job.requested_by !== actor.id && !hasPermission(actor.role, 'audit:read'))) throw new AppError('NOT_FOUND', 'There is no such export.');
  const grid = EXPORT_GRIDS[job.grid as ExportGridId];
  if (grid && !hasPermission(actor.role, grid.permission)) throw new AppError('FORBIDDEN', 'Your role does not give access to this grid.');
  if (job.state === 'expired') throw new AppError('NOT_FOUND', 'This export’s file was deleted when its retention ended; its record and hash remain.');
  if (job.state !== 'completed' || !job.file_path || !job.sha256) throw new AppError('CONFLICT', 'This export has no file to download yet.');
  const size = (await stat(job.file_path)).size;
  await em
    .fork()
    .transactional((tx) =>
      recordAuditEvent(
        tx,
        { action: 'EXPORT_DOWNLOADED', tableName: 'export_jobs', recordId: job.id, newValues: { sha256: job.sha256, sizeBytes: size } },
        audit,
      ),
    );
  const stamp = new Date(job.started_at).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const type = FILE_TYPES[job.format];
  return {
    body: createReadStream(job.file_path),
    fileName: `${job.grid}-${stamp}-${job.id.slice(0, 8)}.${type.extension}`,
    contentType: type.contentType,
    sizeBytes: size,
    sha256: job.sha256,
  };
}
