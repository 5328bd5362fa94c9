import { z } from 'zod';
import { defineSource } from '../source-adapter';

export const serverLogEntrySchema = z.looseObject({
  timestamp: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.json()).optional(),
});

/**
 * `server-logs.json`: `{ "logs": [ { timestamp, type, data } ] }`, oldest first, capped at the newest
 * 500 entries. Entries have no id, so the key is the 0-based index; because the legacy server drops
 * the oldest entries, an index names a different entry after each trim.
 */
export const serverLogsSource = defineSource({
  id: 'server-logs',
  relativePath: 'server-logs.json',
  layout: { container: 'array', wrapKey: 'logs', preferred: 'wrapped' },
  recordSchema: serverLogEntrySchema,
});
