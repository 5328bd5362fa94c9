import type { EntityManager } from '@mikro-orm/postgresql';

const isoTime = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

/** How far the stored chain is behind the node, as the ingester last saw it; null before its first pass. */
export type ChainIngestLagDto = {
  nodeHead: string | null;
  storedHead: string | null;
  lagBlocks: number | null;
  lastIngestAt: string | null;
  lastCheckAt: string;
};

type StatusRow = {
  node_head: string | null;
  stored_head: string | null;
  lag: string | null;
  last_ingest_at: string | Date | null;
  last_check_at: string | Date;
};

export async function findChainIngestLag(em: EntityManager): Promise<ChainIngestLagDto | null> {
  const [row] = await em.execute<StatusRow[]>(
    `SELECT node_head::text, stored_head::text, GREATEST(node_head - stored_head, 0)::text AS lag, last_ingest_at, last_check_at FROM chain_ingest_status WHERE id = 1`,
  );
  if (!row) return null;
  return {
    nodeHead: row.node_head,
    storedHead: row.stored_head,
    lagBlocks: row.lag === null ? null : Number(row.lag),
    lastIngestAt: isoTime(row.last_ingest_at),
    lastCheckAt: isoTime(row.last_check_at)!,
  };
}

/** A block number the legacy file holds with another hash than the chain. */
export type ChainBlockDriftDto = { blockNumber: string; legacyBlockHash: string | null; chainBlockHash: string; detectedAt: string };

export async function findChainBlockDrift(em: EntityManager, limit = 20): Promise<{ total: number; rows: ChainBlockDriftDto[] }> {
  const rows = await em.execute<
    Array<{ block_number: string; legacy_block_hash: string | null; chain_block_hash: string; detected_at: string | Date; total: number }>
  >(
    `SELECT block_number::text, legacy_block_hash, chain_block_hash, detected_at, count(*) OVER ()::int AS total
       FROM chain_block_drift ORDER BY block_number DESC LIMIT ?`,
    [limit],
  );
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((row) => ({
      blockNumber: row.block_number,
      legacyBlockHash: row.legacy_block_hash,
      chainBlockHash: row.chain_block_hash,
      detectedAt: isoTime(row.detected_at)!,
    })),
  };
}
