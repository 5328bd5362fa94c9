import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { PublicClient } from 'viem';
import { leasePgClient, type LeasedPgClient } from '@/lib/migration/pg-client';
import { RUN_HOLDS_LOCK, withSyncLock } from '@/lib/migration/run-lock';
import { getStorageMode } from '@/lib/settings/storage-mode';
import { findIngestHead, readLedger, recordIngestStatus, replaceBranch, storeNodeBlocks, type LedgerBlock } from './chain-store';
import { fetchBlockHash, fetchNodeBlock, type NodeBlock } from './node-blocks';

export type ChainIngesterOptions = {
  orm: MikroORM;
  node: PublicClient;
  /** How often the node's head is polled. */
  pollMs?: number;
  /** How many of the newest stored blocks are re-checked against the node on every tick. */
  reorgDepth?: number;
  /** Blocks fetched and stored per transaction while catching up. */
  batchSize?: number;
  /** The first block to store when nothing is stored yet (default: block 0). */
  startBlock?: bigint;
  /** The legacy data folder: in json-primary the ingested blocks are written to its chain files first (decision 080). */
  legacyDir?: string;
  log?: (line: string) => void;
};

export type TickResult = { nodeHead: bigint; storedHead: bigint | null; stored: number; reorgDepth: number; drifted: number };

// One leader across processes and machines: a session-level advisory lock held by the leader's connection.
const LEADER_LOCK = 727_069;
const FETCH_CONCURRENCY = 8;

async function fetchRange(node: PublicClient, from: bigint, to: bigint): Promise<NodeBlock[]> {
  const numbers: bigint[] = [];
  for (let number = from; number <= to; number++) numbers.push(number);
  const blocks: NodeBlock[] = [];
  for (let index = 0; index < numbers.length; index += FETCH_CONCURRENCY) {
    const fetched = await Promise.all(numbers.slice(index, index + FETCH_CONCURRENCY).map((number) => fetchNodeBlock(node, number)));
    for (const block of fetched) {
      // The node's head moved back under us (a reorg in progress): store what is contiguous, the next tick re-checks.
      if (!block) return blocks;
      blocks.push(block);
    }
  }
  return blocks;
}

/** The blocks of `blocks` that chain onto `parent` (its hash) and onto each other; stops at the first break. */
function contiguous(blocks: NodeBlock[], parentHash: string | null): NodeBlock[] {
  const linked: NodeBlock[] = [];
  let expected = parentHash;
  for (const block of blocks) {
    if (expected !== null && block.parentHash !== expected) break;
    linked.push(block);
    expected = block.hash;
  }
  return linked;
}

/**
 * Re-checks the ledger's newest `depth` blocks against the node; when the newest no longer matches,
 * walks back (further than `depth` if it must) to the common ancestor and returns the orphaned blocks.
 */
async function findOrphaned(client: pg.Client, node: PublicClient, depth: number): Promise<LedgerBlock[]> {
  const orphaned: LedgerBlock[] = [];
  let below: bigint | null = null;
  for (;;) {
    const tail = await readLedger(client, depth, below);
    if (!tail.length) return orphaned;
    const onNode = await Promise.all(tail.map((block) => fetchBlockHash(node, block.number)));
    for (const [index, block] of tail.entries()) {
      if (onNode[index]?.hash === block.hash) return orphaned;
      orphaned.push(block);
    }
    below = tail[tail.length - 1].number - 1n;
  }
}

/**
 * One ingestion pass: re-check the newest stored blocks and replace an orphaned branch (one
 * transaction), then catch up from the stored head to the node's head in batches. Idempotent: a pass
 * that stops half-way (crash, node gone) is continued by the next from what was committed.
 */
export async function ingestOnce(
  client: pg.Client,
  { orm, node, reorgDepth = 12, batchSize = 100, startBlock = 0n, legacyDir, log = () => undefined }: ChainIngesterOptions,
): Promise<TickResult> {
  const mode = await getStorageMode(orm.em.fork());
  // viem caches the head for the client's polling interval (4 s) unless told otherwise.
  const nodeHead = await node.getBlockNumber({ cacheTime: 0 });
  const result: TickResult = { nodeHead, storedHead: null, stored: 0, reorgDepth: 0, drifted: 0 };

  const orphaned = await findOrphaned(client, node, reorgDepth);
  if (orphaned.length) {
    const fork = orphaned[orphaned.length - 1].number;
    const top = orphaned[0].number < nodeHead ? orphaned[0].number : nodeHead;
    const ancestor = (await readLedger(client, 1, fork - 1n))[0];
    const canonical = contiguous(await fetchRange(node, fork, top), ancestor?.number === fork - 1n ? ancestor.hash : null);
    const stored = await replaceBranch(client, orphaned, canonical, mode, legacyDir);
    result.reorgDepth = orphaned.length;
    result.stored += stored.stored;
    log(`chain ingester: reorg at block ${fork}, ${orphaned.length} block(s) replaced by ${canonical.length}`);
  }

  for (;;) {
    const head = await findIngestHead(client);
    const from = head === null || head < startBlock ? startBlock : head + 1n;
    if (from > nodeHead) break;
    const to = from + BigInt(batchSize) - 1n < nodeHead ? from + BigInt(batchSize) - 1n : nodeHead;
    const parent = (await readLedger(client, 1, from - 1n))[0];
    const linked = contiguous(await fetchRange(node, from, to), parent?.number === from - 1n ? parent.hash : null);
    if (!linked.length) break;
    const stored = await storeNodeBlocks(client, linked, mode, legacyDir);
    result.stored += stored.stored + stored.adopted;
    result.drifted += stored.drifted;
    if (stored.drifted) log(`chain ingester: ${stored.drifted} block(s) differ from the legacy file (drift recorded)`);
    // A broken link means the branch changed while we fetched: the next tick's re-check sorts it out.
    if (linked.length < Number(to - from + 1n)) break;
  }
  result.storedHead = await findIngestHead(client);
  await recordIngestStatus(client, { nodeHead, storedHead: result.storedHead, ingested: result.stored > 0 || result.reorgDepth > 0 });
  return result;
}

export type ChainIngester = { stop: () => Promise<void>; isLeader: () => boolean };

/**
 * Follows the node: polls its head every `pollMs` and runs `ingestOnce` while this process is the
 * leader; the others wait for the lock. A pass stands aside while a migration run holds the run lock.
 * `stop` lets the current pass finish (its transaction commits or rolls back whole) and gives the
 * lock up.
 */
export function startChainIngester(options: ChainIngesterOptions): ChainIngester {
  const { orm, pollMs = 1_000, log = () => undefined } = options;
  let leader: LeasedPgClient | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;

  async function ensureLeadership(): Promise<boolean> {
    if (leader) return true;
    const lease = await leasePgClient(orm.em);
    const { rows } = await lease.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LEADER_LOCK]);
    if (!rows[0].locked) {
      await lease.release();
      return false;
    }
    leader = lease;
    log('chain ingester: leading');
    return true;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      try {
        if (await ensureLeadership()) {
          const client = leader!.client;
          const outcome = await withSyncLock(client, () => ingestOnce(client, options));
          if (outcome !== RUN_HOLDS_LOCK && outcome.stored) log(`chain ingester: stored up to block ${outcome.storedHead} (node head ${outcome.nodeHead})`);
        }
      } catch (error) {
        // A node or database hiccup: the next tick retries from what was committed. A broken leader
        // connection is dropped so that the lock is taken again (by us or another instance).
        log(`chain ingester: a pass failed: ${error instanceof Error ? error.message : String(error)}`);
        await dropLeadership(true);
      }
      if (!stopped) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, pollMs)));
    }
  }

  async function dropLeadership(broken: boolean): Promise<void> {
    const lease = leader;
    leader = null;
    if (!lease) return;
    if (!broken) await lease.client.query('SELECT pg_advisory_unlock($1)', [LEADER_LOCK]).catch(() => undefined);
    else await lease.client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await lease.release();
  }

  const running = loop();
  return {
    isLeader: () => leader !== null,
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      await dropLeadership(false);
    },
  };
}
