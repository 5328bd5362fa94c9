'use client';

import { useEffect, useRef, useState } from 'react';
import type { BlockSummaryDto } from '@/lib/explorer/explorer.dto';

export const BLOCK_STREAM_URL = '/api/admin/explorer/blocks/stream';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * Follows the server's new-block stream (server-sent events). `onBlocks` gets each batch newest first;
 * the browser reconnects by itself after a drop, and the state says whether the view is live.
 */
export function useNewBlocks(onBlocks: (blocks: BlockSummaryDto[]) => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onBlocks);
  useEffect(() => {
    handler.current = onBlocks;
  }, [onBlocks]);
  useEffect(() => {
    const source = new EventSource(BLOCK_STREAM_URL);
    source.addEventListener('ready', () => setState('live'));
    source.addEventListener('blocks', (event) => handler.current(JSON.parse((event as MessageEvent<string>).data) as BlockSummaryDto[]));
    source.addEventListener('error', () => setState('reconnecting'));
    return () => source.close();
  }, []);
  return state;
}

/** A small "Live" / "Reconnecting…" badge, announced politely when it changes. */
export function StreamStatus({ state }: { state: StreamState }) {
  const label = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span role="status" data-testid="stream-status" className="inline-flex items-center gap-1.5 text-xs text-muted-foreground">
      <span aria-hidden className={state === 'live' ? 'size-2 rounded-full bg-success' : 'size-2 rounded-full bg-warning'} />
      {label}
    </span>
  );
}
