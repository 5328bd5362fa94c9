import { z } from 'zod';
import { defineSource } from '../source-adapter';

/**
 * `consents-db.json`: user consent records keyed by identity hash. No document describes their
 * shape, so they are carried through untouched: any JSON value is a valid record. It was a 3-byte
 * `{}` in the last known production state. Key: the identity hash.
 */
export const consentsDbSource = defineSource({
  id: 'consents-db',
  relativePath: 'consents-db.json',
  layout: { container: 'map' },
  recordSchema: z.json(),
});
