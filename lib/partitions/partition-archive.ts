import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { AppError } from '@/lib/errors';
import { PARTITION_TIME_COLUMNS } from '@/lib/migration/partitioned-tables';
import { inTransaction } from '@/lib/migration/pg-client';
import {
  findArchivablePartitions,
  findCurrentArchive,
  insertArchive,
  KEYS_TABLES,
  markRestored,
  rowsChecksum,
  type PartitionArchive,
  type PartitionRange,
} from './partition.repository';

/** Where archives go and after how many whole months a partition is archived. */
export type ArchiveSettings = { dir: string; afterMonths: number; now?: Date };

/** One archived partition: the file, its SHA-256, and what it holds. */
export type ArchivedPartition = PartitionRange & { filePath: string; sha256: string; sizeBytes: number; rowCount: number; rowsChecksum: string };

/** Passes bytes through while hashing them and counting them. */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }
}

async function fileSha256(file: string): Promise<string> {
  const digest = new Digest();
  await pipeline(createReadStream(file), digest, async function* (source) {
    for await (const _chunk of source) continue;
  });
  return digest.hash.digest('hex');
}

/**
 * Writes one month partition to `<dir>/<partition>-<time>.copy.gz` (COPY text through streaming gzip),
 * records the file's SHA-256 with the rows' count and checksum in `partition_archives`, then detaches
 * and drops the partition (`partition_drop_archived`, which refuses when the rows changed meanwhile).
 * The COPY and the checksum read one snapshot. A failure before the drop leaves the partition attached
 * and the file removed.
 */
export async function archivePartition(client: pg.Client, range: PartitionRange, dir: string): Promise<ArchivedPartition> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const filePath = path.resolve(dir, `${range.partition}-${new Date().toISOString().replace(/[:.]/g, '-')}.copy.gz`);
  const digest = new Digest();
  let counted: { rowCount: number; rowsChecksum: string };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      // Through the parent with the month's range: the app role may read the parent, not the partition itself.
      const time = PARTITION_TIME_COLUMNS[range.parent];
      const source = client.query(
        copyTo(
          `COPY (SELECT * FROM ${range.parent} WHERE ${time} >= '${range.from.toISOString()}' AND ${time} < '${range.to.toISOString()}' ORDER BY legacy_key) TO STDOUT`,
        ),
      );
      await pipeline(source, createGzip(), digest, createWriteStream(filePath, { mode: 0o600 }));
      counted = await rowsChecksum(client, range);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    const archived: ArchivedPartition = { ...range, filePath, sha256: digest.hash.digest('hex'), sizeBytes: digest.size, ...counted };
    await inTransaction(client, async () => {
      const id = await insertArchive(client, archived);
      await client.query('SELECT partition_drop_archived($1)', [id]);
    });
    return archived;
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
}

/**
 * Archives every month partition of the partitioned tables that ended `afterMonths` whole months before
 * the current month began (never a compliance table before its retention, decision 071).
 */
export async function archiveOldPartitions(client: pg.Client, settings: ArchiveSettings): Promise<ArchivedPartition[]> {
  const archived: ArchivedPartition[] = [];
  for (const range of await findArchivablePartitions(client, settings.afterMonths, settings.now ?? new Date())) {
    archived.push(await archivePartition(client, range, settings.dir));
  }
  return archived;
}

/** The `chain_block_numbers` flag a partitioned table's rows set (decision 081). */
const BLOCK_NUMBER_FLAGS: Record<string, string> = { chain_blocks: 'in_history', chain_transactions: 'in_transactions' };

/**
 * Re-attaches an archived partition (run as the migration owner: it creates a table). The file must
 * have the recorded SHA-256, or nothing happens; the rows read back must have the recorded count and
 * checksum, or the transaction rolls back. Rows of the month written after the archive (they waited in
 * the DEFAULT partition) join it. Their keys go back into the keys table, which refuses a key that
 * meanwhile exists elsewhere.
 */
export async function restorePartition(client: pg.Client, partition: string): Promise<PartitionArchive> {
  const archive = await findCurrentArchive(client, partition);
  if (!archive) throw new AppError('NOT_FOUND', `No archive of ${partition} waits to be restored.`);
  const sha256 = await fileSha256(archive.filePath).catch(() => null);
  if (sha256 === null) throw new AppError('NOT_FOUND', `The archive file ${archive.filePath} of ${partition} cannot be read.`);
  if (sha256 !== archive.sha256) {
    throw new AppError('CONFLICT', `The archive file of ${partition} has SHA-256 ${sha256}, not the recorded ${archive.sha256}: refused, nothing restored.`);
  }
  const range: PartitionRange = { parent: archive.parentTable, partition, from: archive.rangeFrom, to: archive.rangeTo };
  const time = PARTITION_TIME_COLUMNS[archive.parentTable];
  return inTransaction(client, async () => {
    await client.query(`CREATE TABLE ${partition} (LIKE ${archive.parentTable} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await pipeline(createReadStream(archive.filePath), createGunzip(), client.query(copyFrom(`COPY ${partition} FROM STDIN`)));
    const restored = await rowsChecksum(client, range, partition);
    if (restored.rowCount !== archive.rowCount || restored.rowsChecksum !== archive.rowsChecksum) {
      throw new AppError(
        'CONFLICT',
        `${partition} read back ${restored.rowCount} rows (checksum ${restored.rowsChecksum}), not the archived ${archive.rowCount} (${archive.rowsChecksum}): refused.`,
      );
    }
    await client.query(`INSERT INTO ${KEYS_TABLES[archive.parentTable]} (legacy_key) SELECT legacy_key FROM ${partition}`);
    // Moving rows inside one table is not a change: no row audit (the owner, under pend.bulk_load).
    await client.query(`SELECT set_config('pend.bulk_load', 'on', true)`);
    await client.query(
      `WITH moved AS (DELETE FROM ${archive.parentTable}_default WHERE ${time} >= $1 AND ${time} < $2 RETURNING *) INSERT INTO ${partition} SELECT * FROM moved`,
      [archive.rangeFrom, archive.rangeTo],
    );
    await client.query(`SELECT set_config('pend.bulk_load', 'off', true)`);
    // Attaching fires no trigger either: the month's block numbers are flagged here, and registered before
    // the attach validates the transactions' key against them (decision 081; archived numbers normally stayed).
    const seenIn = BLOCK_NUMBER_FLAGS[archive.parentTable];
    if (seenIn) {
      await client.query(
        `INSERT INTO chain_block_numbers AS n (block_number, ${seenIn}) SELECT DISTINCT block_number, true FROM ${partition} WHERE block_number IS NOT NULL
         ON CONFLICT (block_number) DO UPDATE SET ${seenIn} = true, last_seen_at = now() WHERE NOT n.${seenIn}`,
      );
    }
    await client.query(
      `ALTER TABLE ${archive.parentTable} ATTACH PARTITION ${partition} FOR VALUES FROM ('${archive.rangeFrom.toISOString()}') TO ('${archive.rangeTo.toISOString()}')`,
    );
    if (archive.parentTable === 'transaction_log') {
      // Attaching fires no trigger: the user directory's sums of the log follow here (decision 053).
      await client.query(`SELECT user_directory_refresh(ARRAY(SELECT DISTINCT identity_hash FROM ${partition} WHERE identity_hash IS NOT NULL))`);
    }
    await markRestored(client, archive.id);
    return archive;
  });
}
