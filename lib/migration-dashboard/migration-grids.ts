// The migration page's grid scopes and filter vocabularies, apart from migration-dashboard.schemas.ts
// (whose source list reaches node:crypto through the source adapters) so the client grids import them
// without Next's browser polyfill of `crypto` (decision 066).
export const RUN_KINDS = ['import', 'verify', 'export', 'sync', 'rehearsal'] as const;

export const RUN_STATES = ['running', 'validated', 'mismatched', 'error'] as const;

export const CARRIED_FILE_REASONS = ['unmodelled-file', 'unreferenced-upload'] as const;

/** The URL scope of the anomaly grid on the migration page (`anomalies.kind=…`). */
export const ANOMALY_GRID_SCOPE = 'anomalies';

/** The URL scope of the mismatch grid on the migration page (`mismatches.source=…`). */
export const MISMATCH_GRID_SCOPE = 'mismatches';

/** The URL scope of the run-history grid on the migration page (`runs.sort=…`). */
export const RUN_GRID_SCOPE = 'runs';

/** The URL scope of the quarantine grid on the migration page (`quarantine.q=…`). */
export const QUARANTINE_GRID_SCOPE = 'quarantine';

/** The URL scope of the carried-files grid on the migration page (`carried.q=…`). */
export const CARRIED_FILE_GRID_SCOPE = 'carried';
