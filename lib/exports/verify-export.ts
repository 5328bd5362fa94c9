import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import { hasPermission } from '@/lib/auth/permissions';
import { toExportJobDto, type ExportJobDto } from './export-job.dto';
import { findExportJobsBySha256, findRecentExportJobs } from './export.repository';
import type { VerifyExportInput } from './export.schemas';

/** How many exports the Exports page lists (newest first). */
export const RECENT_EXPORTS_LIMIT = 200;

/** Those who read the audit trail see every export; anyone else sees their own. */
const seesEveryExport = (actor: Actor) => hasPermission(actor.role, 'audit:read');

export async function findRecentExports(em: EntityManager, actor: Actor): Promise<ExportJobDto[]> {
  const rows = await findRecentExportJobs(em, { limit: RECENT_EXPORTS_LIMIT, requestedBy: seesEveryExport(actor) ? undefined : actor.id });
  return rows.map(toExportJobDto);
}

/**
 * Whether a file is byte-identical to a recorded export: the same SHA-256 and size as a completed job.
 * The hash identifies the file; the size is checked as well so a record can never match a different length.
 */
export async function verifyExportFile(em: EntityManager, input: VerifyExportInput): Promise<ExportJobDto[]> {
  const rows = await findExportJobsBySha256(em, input.sha256);
  return rows.filter((row) => Number(row.size_bytes) === input.sizeBytes).map(toExportJobDto);
}
