import 'server-only';
import { withEm } from '@/lib/db';
import type { BlockSummaryDto } from './explorer.dto';
import { findChainHead, findLatestBlocks } from './explorer.repository';

/** How often the feed looks for new blocks while anyone listens: well inside the 1 s the explorer promises. */
export const BLOCK_FEED_POLL_MS = 300;
const MAX_BLOCKS_PER_TICK = 50;

type Listener = (blocks: BlockSummaryDto[]) => void;
type Feed = { listeners: Set<Listener>; lastNumber: string | null; timer: NodeJS.Timeout | null; running: boolean };

// One feed per process (on globalThis so dev-server reloads share it): however many explorer tabs are
// open, the database sees one small indexed query per tick, and none when nobody listens.
const holder = globalThis as typeof globalThis & { __pendBlockFeed?: Feed };
holder.__pendBlockFeed ??= { listeners: new Set(), lastNumber: null, timer: null, running: false };
const feed = holder.__pendBlockFeed;

async function tick(): Promise<void> {
  if (feed.running) return;
  feed.running = true;
  try {
    const blocks = await withEm((em) => findLatestBlocks(em, { afterNumber: feed.lastNumber, limit: MAX_BLOCKS_PER_TICK }));
    if (blocks.length && blocks[0].blockNumber !== null) {
      feed.lastNumber = blocks[0].blockNumber;
      for (const listener of feed.listeners) listener(blocks);
    }
  } catch (error) {
    // A failed tick (database restarting) is retried on the next one; listeners keep their stream.
    console.error('explorer block feed: a poll failed', error);
  } finally {
    feed.running = false;
  }
}

async function start(): Promise<void> {
  const head = await withEm((em) => findChainHead(em));
  feed.lastNumber = head.blockHeight;
  feed.timer ??= setInterval(() => void tick(), BLOCK_FEED_POLL_MS);
}

/**
 * Calls `listener` with the blocks stored since the last tick (newest first) for as long as it is
 * subscribed. The first subscriber starts the feed at the current head; the last one to leave stops it.
 */
export async function subscribeToNewBlocks(listener: Listener): Promise<() => void> {
  const first = feed.listeners.size === 0 && feed.timer === null;
  feed.listeners.add(listener);
  if (first) await start();
  return () => {
    feed.listeners.delete(listener);
    if (feed.listeners.size === 0 && feed.timer) {
      clearInterval(feed.timer);
      feed.timer = null;
    }
  };
}
