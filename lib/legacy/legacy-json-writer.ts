import type { JsonValue } from './canonical-json';
import { defaultEnvelope, type SourceEnvelope, type SourceLayout } from './source-layout';

type Positioned = { key: string; position: number; value: JsonValue };

const FLUSH_CHARS = 1 << 20;

/**
 * Writes a source the way the legacy server did, `JSON.stringify(value, null, 2) + "\n"`, piece by
 * piece: each record is stringified on its own and indented to its depth, which gives the same
 * bytes as stringifying the whole file without ever building it as one value.
 *
 * Records are written in `position` order. A `missing` or `empty` envelope that now has records is
 * written in the source's preferred form; a `missing` one without records comes out as that form's
 * empty file (callers that want the file to stay missing do not write it).
 */
export function* legacyJsonChunks(layout: SourceLayout, records: readonly Positioned[], envelope: SourceEnvelope): Generator<string> {
  const ordered = [...records].sort((a, b) => a.position - b.position);
  const shape = envelope.variant === 'missing' || (envelope.variant === 'empty' && ordered.length > 0) ? defaultEnvelope(layout) : envelope;
  switch (shape.variant) {
    case 'empty':
      yield shape.text;
      break;
    case 'flat':
      yield* container(layout.container === 'map' ? 'object' : 'array', ordered, '');
      break;
    case 'wrapped': {
      let index = 0;
      const open = (name: string) => `${index++ ? ',' : ''}\n  ${JSON.stringify(name)}: `;
      yield '{';
      for (const [name, value] of shape.before) yield open(name) + indent(value, '  ');
      yield open(shape.key);
      yield* container('array', ordered, '  ');
      for (const [name, value] of shape.after) yield open(name) + indent(value, '  ');
      yield '\n}';
      break;
    }
    case 'single':
      if (ordered.length > 1) throw new Error(`a single-record source takes one record, got ${ordered.length}`);
      yield ordered.length ? indent(ordered[0].value, '') : '{}';
      break;
  }
  yield '\n';
}

/** The whole file as bytes; see `legacyJsonChunks`. */
export function legacyJsonBytes(layout: SourceLayout, records: readonly Positioned[], envelope: SourceEnvelope): Buffer {
  const buffers: Buffer[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  for (const chunk of legacyJsonChunks(layout, records, envelope)) {
    pending.push(chunk);
    pendingChars += chunk.length;
    if (pendingChars >= FLUSH_CHARS) {
      buffers.push(Buffer.from(pending.join(''), 'utf8'));
      pending = [];
      pendingChars = 0;
    }
  }
  buffers.push(Buffer.from(pending.join(''), 'utf8'));
  return Buffer.concat(buffers);
}

// A container whose opening bracket sits at indentation `pad`, as JSON.stringify(…, null, 2) lays it out.
function* container(kind: 'object' | 'array', records: readonly Positioned[], pad: string): Generator<string> {
  if (records.length === 0) {
    yield kind === 'object' ? '{}' : '[]';
    return;
  }
  const inner = `${pad}  `;
  yield kind === 'object' ? '{' : '[';
  for (const [index, record] of records.entries()) {
    const name = kind === 'object' ? `${JSON.stringify(record.key)}: ` : '';
    yield `${index ? ',' : ''}\n${inner}${name}${indent(record.value, inner)}`;
  }
  yield `\n${pad}${kind === 'object' ? '}' : ']'}`;
}

function indent(value: JsonValue, pad: string): string {
  const text = JSON.stringify(value, null, 2);
  return pad ? text.replaceAll('\n', `\n${pad}`) : text;
}
