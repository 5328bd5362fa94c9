import bidiFactory from 'bidi-js';

const bidi = bidiFactory();
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export type VisualRun = { text: string; rightToLeft: boolean };

/**
 * A line of text as runs in the order they appear on the page (Unicode bidi algorithm, UAX #9 rule L2),
 * each run in logical order. pdfkit's shaper (fontkit) joins Arabic letters and lays an Arabic run out
 * right to left by itself, but it treats a string as one run: mixed text (an Arabic name with digits or
 * Latin) needs the runs ordered first. `rightToLeft` says whether the line's base direction is RTL (then
 * the line is aligned right).
 */
export function visualRuns(text: string): { runs: VisualRun[]; rightToLeft: boolean } {
  if (!RIGHT_TO_LEFT.test(text)) return { runs: [{ text, rightToLeft: false }], rightToLeft: false };
  const { levels, paragraphs } = bidi.getEmbeddingLevels(text);
  const spans: Array<{ start: number; end: number; level: number }> = [];
  for (let index = 0; index < text.length; index += 1) {
    const last = spans[spans.length - 1];
    if (last && last.level === levels[index]) last.end = index + 1;
    else spans.push({ start: index, end: index + 1, level: levels[index] });
  }
  const highest = Math.max(...spans.map((span) => span.level));
  const lowestOdd = Math.min(...spans.map((span) => span.level).filter((level) => level % 2 === 1));
  // L2: from the highest level down to the lowest odd one, reverse every maximal sequence of runs at that level or above.
  for (let level = highest; level >= lowestOdd; level -= 1) {
    for (let start = 0; start < spans.length;) {
      if (spans[start].level < level) {
        start += 1;
        continue;
      }
      let end = start;
      while (end < spans.length && spans[end].level >= level) end += 1;
      spans.splice(start, end - start, ...spans.slice(start, end).reverse());
      start = end;
    }
  }
  return {
    runs: spans.map((span) => ({ text: text.slice(span.start, span.end), rightToLeft: span.level % 2 === 1 })),
    rightToLeft: (paragraphs[0]?.level ?? 0) % 2 === 1,
  };
}
