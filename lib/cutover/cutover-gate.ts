import type { EntityManager } from '@mikro-orm/postgresql';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { getStorageMode, type StorageMode } from '@/lib/settings/storage-mode';
import { pendingOutboxCount } from '@/lib/storage/storage-outbox';

export type GateItem = { id: 'validated' | 'drift' | 'backup' | 'rehearsal' | 'outbox'; label: string; ok: boolean; detail: string };
export type CutoverGate = { mode: StorageMode; cutover: { open: boolean; items: GateItem[] }; rollback: { open: boolean; items: GateItem[] } };

/** A drift result older than this is not evidence of anything (the worker re-measures every few seconds). */
const DRIFT_FRESH_SECONDS = 120;

type SourceRow = { source: string; state: string; drift_count: number | null; drift_zero_since: string | null; drift_checked_at: string | null };

/**
 * The cut-over checklist, computed from recorded facts only:
 * every source validated; drift zero for `quietSeconds` (fresh measurement); the latest import's backup
 * verified; a rollback export rehearsed and verified equal after the latest data change. Rolling back
 * needs the outbox drained and drift zero, so the files hold everything PostgreSQL took.
 */
export async function evaluateCutoverGate(em: EntityManager, { quietSeconds }: { quietSeconds: number }): Promise<CutoverGate> {
  const mode = await getStorageMode(em);
  const rows = await em.execute<SourceRow[]>(`SELECT source, state, drift_count, drift_zero_since::text, drift_checked_at::text FROM migration_source_state`);
  const bySource = new Map(rows.map((row) => [row.source, row]));
  const sources = LEGACY_SOURCES.filter((source) => SOURCE_MAPPINGS[source.id]);
  const now = Date.now();

  const notValidated = sources.filter((source) => bySource.get(source.id)?.state !== 'validated').map((source) => source.id);
  const validated: GateItem = {
    id: 'validated',
    label: 'Every source validated',
    ok: notValidated.length === 0,
    detail: notValidated.length ? `not validated: ${notValidated.join(', ')}` : `${sources.length} of ${sources.length} sources validated`,
  };

  const driftProblems = sources.flatMap((source) => {
    const row = bySource.get(source.id);
    if (!row?.drift_checked_at || now - Date.parse(row.drift_checked_at) > DRIFT_FRESH_SECONDS * 1000) return [`${source.id}: no recent drift check`];
    if (row.drift_count !== 0 || !row.drift_zero_since) return [`${source.id}: ${row.drift_count ?? '?'} drifted record(s)`];
    const quietFor = (now - Date.parse(row.drift_zero_since)) / 1000;
    return quietFor < quietSeconds ? [`${source.id}: zero for ${Math.floor(quietFor)} s of ${quietSeconds} s`] : [];
  });
  const drift: GateItem = {
    id: 'drift',
    label: `Drift zero for ${quietSeconds} s`,
    ok: driftProblems.length === 0,
    detail: driftProblems.length ? driftProblems.slice(0, 4).join('; ') : 'no drift on any source',
  };

  const [latest] = await em.execute<
    Array<{ import_at: string | null; backup_ok: boolean | null; backup_at: string | null; change_at: string | null; rehearsal_at: string | null }>
  >(
    `SELECT (SELECT finished_at::text FROM migration_runs WHERE kind = 'import' AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1) AS import_at,
            (SELECT backup_verified_ok FROM migration_runs WHERE kind = 'import' AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1) AS backup_ok,
            (SELECT backup_verified_at::text FROM migration_runs WHERE kind = 'import' AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1) AS backup_at,
            (SELECT max(finished_at)::text FROM migration_runs WHERE kind IN ('import', 'sync')) AS change_at,
            (SELECT finished_at::text FROM migration_runs WHERE kind = 'rehearsal' AND state = 'validated' ORDER BY started_at DESC LIMIT 1) AS rehearsal_at`,
  );
  const backup: GateItem = {
    id: 'backup',
    label: 'Backup of the legacy folder verified',
    ok: latest?.backup_ok === true,
    detail: !latest?.import_at
      ? 'no import run yet'
      : latest.backup_ok
        ? `verified ${latest.backup_at}`
        : latest.backup_ok === false
          ? 'verification FAILED'
          : 'not verified yet',
  };
  const rehearsalCurrent = !!latest?.rehearsal_at && (!latest.change_at || latest.rehearsal_at >= latest.change_at);
  const rehearsal: GateItem = {
    id: 'rehearsal',
    label: 'Rollback export rehearsed and verified equal',
    ok: rehearsalCurrent,
    detail: !latest?.rehearsal_at ? 'not rehearsed yet' : rehearsalCurrent ? `rehearsed ${latest.rehearsal_at}` : 'data changed since the last rehearsal',
  };

  const pending = await pendingOutboxCount(em);
  const outbox: GateItem = {
    id: 'outbox',
    label: 'Every PostgreSQL change mirrored to the files',
    ok: pending === 0,
    detail: pending ? `${pending} change(s) not mirrored yet` : 'outbox empty',
  };
  const driftNow: GateItem = { ...drift, label: 'Files equal to PostgreSQL (drift zero)', ok: driftProblems.every((problem) => problem.includes(' s of ')) };

  const cutoverItems = [validated, drift, backup, rehearsal];
  const rollbackItems = [outbox, driftNow];
  return {
    mode,
    cutover: { open: mode === 'json-primary' && cutoverItems.every((item) => item.ok), items: cutoverItems },
    rollback: { open: mode === 'pg-primary' && rollbackItems.every((item) => item.ok), items: rollbackItems },
  };
}
