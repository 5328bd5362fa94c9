import { none, type Flushable } from 'stream-chain/defs.js';

/**
 * Ends the input of a stream-chain stage (stream-json's tokenizer and verifier): the protocol calls
 * the stage once more with `none`, which the stage's type does not model.
 */
export function endOfInput<Output>(stage: Flushable<string, Output>): Output {
  return (stage as unknown as (value: typeof none) => Output)(none);
}
