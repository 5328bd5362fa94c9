import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError } from '@/lib/errors';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { verifyBackup } from '@/lib/migration/backup';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { createRun, findCurrentManifest, finishRun } from '@/lib/migration/migration-runs.repository';
import { withPgClient } from '@/lib/migration/pg-client';
import { loadLegacySource } from '@/lib/migration/read-legacy-source';
import { runExport } from '@/lib/migration/run-export';
import { AppSetting } from '@/lib/settings/app-setting.entity';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { evaluateCutoverGate } from './cutover-gate';

/** Checks the latest import's backup archive against its SHA-256 manifest and records the outcome. */
export async function verifyLatestBackup(em: EntityManager, context: AuditContext): Promise<{ ok: boolean; problems: string[] }> {
  const [run] = await em.execute<Array<{ id: string; backup_path: string | null }>>(
    `SELECT id, backup_path FROM migration_runs WHERE kind = 'import' AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
  );
  if (!run?.backup_path) throw new AppError('CONFLICT', 'There is no import run with a backup to verify yet.');
  const result = await verifyBackup(run.backup_path.replace(/\.tar\.gz$/, '.manifest.json'));
  await em.execute(`UPDATE migration_runs SET backup_verified_at = now(), backup_verified_ok = ? WHERE id = ?`, [result.ok, run.id]);
  await recordAuditEvent(
    em,
    { action: 'BACKUP_VERIFY', tableName: 'migration_runs', recordId: run.id, newValues: { ok: result.ok, problems: result.problems.slice(0, 20) } },
    context,
  );
  return { ok: result.ok, problems: result.problems };
}

/**
 * The rollback, rehearsed: the whole legacy folder exported from PostgreSQL into a scratch folder, then
 * every file re-read and its root hash compared with the manifest the database content came from.
 */
export async function rehearseRollback(
  em: EntityManager,
  { storageDir, context }: { storageDir: string; context: AuditContext },
): Promise<{ ok: boolean; differing: string[] }> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'pend-rollback-rehearsal-'));
  try {
    await runExport(em, { targetDir: scratch, storageDir, context });
    return await withPgClient(em, async (client) => {
      const runId = await createRun(client, { kind: 'rehearsal', sourceDir: scratch, startedBy: context.actorLabel ?? 'system', options: {} });
      const differing: string[] = [];
      for (const adapter of LEGACY_SOURCES) {
        if (!SOURCE_MAPPINGS[adapter.id]) continue;
        const manifest = await findCurrentManifest(client, adapter.id);
        const exported = await loadLegacySource(scratch, adapter);
        if (!manifest || manifest.rootHash !== exported.rootHash) differing.push(adapter.id);
      }
      const ok = differing.length === 0;
      await finishRun(client, runId, { state: ok ? 'validated' : 'mismatched', summary: { differing } });
      await em.transactional((tx) =>
        recordAuditEvent(tx, { action: 'ROLLBACK_REHEARSAL', tableName: 'migration_runs', recordId: runId, newValues: { ok, differing } }, context),
      );
      return { ok, differing };
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function switchStorageMode(
  em: EntityManager,
  mode: StorageMode,
  reason: string,
  action: 'CUTOVER' | 'ROLLBACK_TO_JSON',
  context: AuditContext,
): Promise<void> {
  const setting = await em.findOne(AppSetting, { key: 'storage_mode' });
  if (setting) setting.value = mode;
  else em.create(AppSetting, { key: 'storage_mode', value: mode });
  await em.flush();
  await recordAuditEvent(em, { action, tableName: 'app_settings', recordId: 'storage_mode', newValues: { mode, reason } }, context);
}

/** Switches to pg-primary; refused unless every gate item passes at this moment. `em` must be in a transaction. */
export async function cutOver(
  em: EntityManager,
  { reason, quietSeconds, context }: { reason: string; quietSeconds: number; context: AuditContext },
): Promise<void> {
  const gate = await evaluateCutoverGate(em, { quietSeconds });
  if (!gate.cutover.open) {
    const failing = gate.cutover.items.filter((item) => !item.ok).map((item) => `${item.label} (${item.detail})`);
    throw new AppError(
      'CONFLICT',
      gate.mode === 'pg-primary' ? 'Already cut over: PostgreSQL is the source of truth.' : `The cut-over gate is closed: ${failing.join('; ')}.`,
    );
  }
  await switchStorageMode(em, 'pg-primary', reason, 'CUTOVER', context);
}

/** Switches back to json-primary; refused unless every PostgreSQL change is mirrored and the files equal the database. */
export async function rollBackToJson(
  em: EntityManager,
  { reason, quietSeconds, context }: { reason: string; quietSeconds: number; context: AuditContext },
): Promise<void> {
  const gate = await evaluateCutoverGate(em, { quietSeconds });
  if (!gate.rollback.open) {
    const failing = gate.rollback.items.filter((item) => !item.ok).map((item) => `${item.label} (${item.detail})`);
    throw new AppError(
      'CONFLICT',
      gate.mode === 'json-primary' ? 'Already on JSON: the legacy files are the source of truth.' : `The rollback gate is closed: ${failing.join('; ')}.`,
    );
  }
  await switchStorageMode(em, 'json-primary', reason, 'ROLLBACK_TO_JSON', context);
}
