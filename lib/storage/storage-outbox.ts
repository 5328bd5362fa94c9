import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { defaultEnvelope } from '@/lib/legacy/source-layout';
import { getLegacySource, type SourceId } from '@/lib/legacy/sources';
import { readRecordsFromDatabase } from '@/lib/migration/export-source';
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { findCurrentManifest } from '@/lib/migration/migration-runs.repository';
import { inTransaction, withPgClient } from '@/lib/migration/pg-client';
import { withLegacyFileLock, writeFileAtomically } from './legacy-file-lock';

/** Records, in the same transaction as a pg-primary write, that `source`'s legacy file must be rewritten. */
export async function enqueueMirror(client: pg.Client, source: SourceId): Promise<void> {
  await client.query(`INSERT INTO storage_outbox (source) VALUES ($1)`, [source]);
}

/**
 * Mirrors pending outbox entries to the legacy files, oldest first, each with the legacy write
 * protocol. `SKIP LOCKED` lets several workers drain without writing the same entry twice; entries
 * for the same source are coalesced (the file is rewritten once from the current rows). A source
 * whose mirror fails keeps its entries (with the error) for the next drain and does not hold back
 * the other sources' entries behind it.
 */
export async function drainOutbox(em: EntityManager, { sourceDir }: { sourceDir: string }): Promise<number> {
  return withPgClient(em, async (client) => {
    let mirrored = 0;
    const failedSources: SourceId[] = [];
    for (;;) {
      const done = await inTransaction(client, async () => {
        const { rows } = await client.query<{ id: string; source: SourceId }>(
          `SELECT id, source FROM storage_outbox WHERE mirrored_at IS NULL AND NOT (source = ANY($1::text[])) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [failedSources],
        );
        const entry = rows[0];
        if (!entry) return true;
        try {
          await mirrorSource(client, entry.source, sourceDir);
          await client.query(`UPDATE storage_outbox SET mirrored_at = now(), attempts = attempts + 1 WHERE source = $1 AND mirrored_at IS NULL AND id <= $2`, [
            entry.source,
            entry.id,
          ]);
          mirrored += 1;
        } catch (error) {
          await client.query(`UPDATE storage_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
            entry.id,
            error instanceof Error ? error.message : String(error),
          ]);
          failedSources.push(entry.source);
        }
        return false;
      });
      if (done) return mirrored;
    }
  });
}

async function mirrorSource(client: pg.Client, source: SourceId, sourceDir: string): Promise<void> {
  const adapter = getLegacySource(source);
  const mapping = SOURCE_MAPPINGS[source]!;
  const manifest = await findCurrentManifest(client, source);
  const records = await readRecordsFromDatabase(client, mapping);
  const file = path.join(sourceDir, adapter.relativePath);
  await withLegacyFileLock(file, () => writeFileAtomically(file, adapter.serialize(records, manifest?.envelope ?? defaultEnvelope(adapter.layout))));
}

export async function pendingOutboxCount(em: EntityManager): Promise<number> {
  const [row] = await em.execute<Array<{ count: string }>>(`SELECT count(*) AS count FROM storage_outbox WHERE mirrored_at IS NULL`);
  return Number(row.count);
}
