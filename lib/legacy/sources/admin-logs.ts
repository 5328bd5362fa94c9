import { z } from 'zod';
import { defineSource } from '../source-adapter';

// The docs disagree on whether admin entries name their event `action` (admin log) or `type`
// (server log), so either is accepted.
export const adminLogEntrySchema = z
  .looseObject({
    timestamp: z.string(),
    action: z.string().optional(),
    type: z.string().optional(),
    data: z.record(z.string(), z.json()).optional(),
  })
  .refine((entry) => entry.action !== undefined || entry.type !== undefined, 'an entry names its action or type');

/**
 * `admin-logs.json`: `{ "logs": [ { timestamp, action, data } ] }` in chronological order, or a
 * 3-byte `{}`/`[]`. Entries have no id, so the key is the 0-based index (the log is only appended to).
 * `data.ip` is not always an IP address (`unknown`, X-Forwarded-For lists).
 */
export const adminLogsSource = defineSource({
  id: 'admin-logs',
  relativePath: 'admin-logs.json',
  layout: { container: 'array', wrapKey: 'logs', preferred: 'wrapped' },
  recordSchema: adminLogEntrySchema,
});
