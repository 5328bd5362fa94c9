import { afterEach, describe, expect, it, vi } from 'vitest';
import { runConcurrently } from './run';

/** A Node one-liner as a step: prints `lines` one by one with a pause between them, then exits with `code`. */
const step = (name: string, lines: number, code = 0) => ({
  command: process.execPath,
  args: [
    '-e',
    `let n = 0; const t = setInterval(() => { console.log('${name} line ' + ++n); if (n === ${lines}) { clearInterval(t); process.exitCode = ${code}; } }, 20);`,
  ],
});

describe('runConcurrently (the checks of npm test side by side)', () => {
  afterEach(() => vi.restoreAllMocks());

  function captureStdout(): string[] {
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    return writes;
  }

  it("prints each step's output whole, never interleaved with another step's", async () => {
    const writes = captureStdout();
    await runConcurrently([step('first', 5), step('second', 5)]);
    const blocks = writes.join('').split('\n> ').filter(Boolean);
    expect(blocks).toHaveLength(2);
    expect(blocks.map((block) => /'(\w+) line '/.exec(block)?.[1]).sort()).toEqual(['first', 'second']);
    for (const block of blocks) {
      const printed = block.split('\n').filter((line) => /^\w+ line \d$/.test(line));
      const name = printed[0].split(' ')[0];
      expect(printed).toEqual([1, 2, 3, 4, 5].map((n) => `${name} line ${n}`));
    }
  });

  it('rejects naming the step that failed, after the other step has ended', async () => {
    const writes = captureStdout();
    const error = await runConcurrently([step('failing', 1, 3), step('passing', 5)]).then(
      () => new Error('resolved'),
      (reason: Error) => reason,
    );
    expect(error.message).toMatch(/failing.*exited with 3$/);
    expect(error.message).not.toContain('passing');
    expect(writes.join('')).toContain('passing line 5');
  });
});
