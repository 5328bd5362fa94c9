import type { EntityManager } from '@mikro-orm/postgresql';
import { LegacySourceError } from '@/lib/legacy/legacy-source-error';
import { LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';
import { detectDrift } from './detect-drift';
import { SOURCE_MAPPINGS } from './mappings';
import { withPgClient } from './pg-client';
import { loadLegacySource } from './read-legacy-source';

export type SourceDrift = { source: SourceId; driftCount: number | null; driftedKeys: string[]; error: string | null };

const KEYS_KEPT = 100;

/**
 * Compares every imported source's file with PostgreSQL by chunked hashes and stores the result per
 * source. `drift_zero_since` marks when a source last became drift-free, for the cut-over gate's
 * "zero drift for a period" rule; any drift clears it.
 */
export async function checkDrift(em: EntityManager, { sourceDir }: { sourceDir: string }): Promise<SourceDrift[]> {
  return withPgClient(em, async (client) => {
    const results: SourceDrift[] = [];
    for (const adapter of LEGACY_SOURCES) {
      const mapping = SOURCE_MAPPINGS[adapter.id];
      if (!mapping) continue;
      try {
        const data = await loadLegacySource(sourceDir, adapter);
        const drift = await detectDrift(client, mapping, data.records);
        const count = drift.driftedKeys.length;
        await client.query(
          `UPDATE migration_source_state
              SET drift_count = $2, drift_keys = $3, drift_checked_at = now(),
                  drift_zero_since = CASE WHEN $2 = 0 THEN coalesce(drift_zero_since, now()) ELSE NULL END
            WHERE source = $1`,
          [adapter.id, count, JSON.stringify(drift.driftedKeys.slice(0, KEYS_KEPT))],
        );
        results.push({ source: adapter.id, driftCount: count, driftedKeys: drift.driftedKeys, error: null });
      } catch (error) {
        // A half-written file is not drift: it is checked again on the next pass.
        if (!(error instanceof LegacySourceError)) throw error;
        results.push({ source: adapter.id, driftCount: null, driftedKeys: [], error: error.message });
      }
    }
    return results;
  });
}
