// GET /api/admin/explorer/blocks/stream – server-sent events: `blocks` with each batch of newly stored blocks (newest first)
import { subscribeToNewBlocks } from '@/lib/explorer/block-feed';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;
/** A stream ends after this long; the browser's EventSource reconnects, so the session is checked again. */
const MAX_STREAM_MS = 5 * 60_000;

export const GET = apiRoute({ permission: 'explorer:read' }, async ({ request }) => {
  const encoder = new TextEncoder();
  // `closeStream` is false when the reader is gone: a cancelled stream's controller refuses close().
  let stop = (closeStream: boolean) => void closeStream;
  // A reader can leave while `start` still awaits the subscription, before `stop` is wired: then nothing
  // may be scheduled, or a later heartbeat would write to a closed controller.
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const unsubscribe = await subscribeToNewBlocks((blocks) => send(`event: blocks\ndata: ${JSON.stringify(blocks)}\n\n`));
      if (cancelled || request.signal.aborted) {
        unsubscribe();
        return;
      }
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      const expiry = setTimeout(() => stop(true), MAX_STREAM_MS);
      stop = (closeStream) => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(expiry);
        if (closeStream) controller.close();
      };
      request.signal.addEventListener('abort', () => stop(false));
      send('retry: 2000\nevent: ready\ndata: {}\n\n');
    },
    cancel() {
      cancelled = true;
      stop(false);
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', 'X-Accel-Buffering': 'no' },
  });
});
