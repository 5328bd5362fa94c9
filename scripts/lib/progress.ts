import type { MigrationProgress } from '@/lib/migration/run-import';

const BAR_WIDTH = 24;

/**
 * One progress line per source and phase (records, rate, ETA). On a terminal the line redraws in
 * place; in CI logs only phase starts are printed, so logs stay short. A source's verification runs
 * while the next source is read, so updates of two phases interleave: each keeps its own start time.
 */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let current = '';
  const phaseStarts = new Map<string, number>();
  let lastDraw = 0;
  return (progress: MigrationProgress) => {
    const id = `${progress.source}:${progress.phase}`;
    if (!phaseStarts.has(id)) {
      phaseStarts.set(id, performance.now());
      if (!stream.isTTY) stream.write(`${progress.source.padEnd(26)} ${progress.phase}\n`);
    }
    const phaseStarted = phaseStarts.get(id)!;
    if (id !== current) {
      if (current && stream.isTTY) stream.write('\n');
      current = id;
    }
    if (!stream.isTTY) return;
    const now = performance.now();
    if (now - lastDraw < 100 && progress.done !== progress.total) return;
    lastDraw = now;
    const seconds = Math.max((now - phaseStarted) / 1000, 0.001);
    const rate = progress.done / seconds;
    const fraction = progress.total ? progress.done / progress.total : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = progress.total ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]` : '[streaming…]'.padEnd(BAR_WIDTH + 2);
    const eta = progress.total && rate > 0 ? `ETA ${Math.max(0, (progress.total - progress.done) / rate).toFixed(1)}s` : '';
    stream.write(
      `\r${progress.source.padEnd(26)} ${progress.phase.padEnd(7)} ${bar} ${String(progress.done).padStart(7)} rec ${Math.round(rate).toLocaleString('en-US').padStart(9)}/s ${eta}   `,
    );
  };
}
