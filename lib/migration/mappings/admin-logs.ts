import { text, timestamp } from '../codecs';
import type { SourceMapping } from '../source-mapping';
import { orderedJson } from '../shared-codecs';
import { OPPORTUNITY_FIELD_ORDER } from './admin-opportunities';

/**
 * `data` member orders per action, as the legacy server writes them (`ip` first when present);
 * `changes` of an opportunity update lists opportunity fields in the opportunity's own order.
 */
const ADMIN_LOG_DATA_ORDER = {
  keys: [
    ['ip', 'userAgent', 'method', 'path'],
    ['ip', 'userAgent', 'path', 'reason'],
    ['ip', 'id', 'contractAddress', 'title', 'type'],
    ['ip', 'id', 'contractAddress', 'changes'],
    ['ip', 'poolId', 'requiredTier', 'previousTier'],
    ['ip', 'phoneNumber', 'tier', 'previousTier', 'txHash'],
    ['ip', 'phoneNumber', 'documentType', 'status'],
  ],
  members: { changes: { keys: [OPPORTUNITY_FIELD_ORDER] } },
};

/**
 * admin-logs.json → legacy_admin_logs, one row per entry (key: array index; the file is append-only).
 * Nothing is required: an entry is a historical fact, kept whatever it says. `data.ip` is not always
 * an address (`unknown`, X-Forwarded-For lists), so it stays inside `data`, never cast to inet.
 * The docs allow `type` instead of `action`; both have a column.
 */
export const adminLogsMapping: SourceMapping = {
  source: 'admin-logs',
  table: 'legacy_admin_logs',
  fields: [
    { field: 'timestamp', column: 'logged_at', codec: timestamp },
    { field: 'action', column: 'action', codec: text },
    { field: 'type', column: 'entry_type', codec: text },
    { field: 'data', column: 'data', codec: orderedJson(ADMIN_LOG_DATA_ORDER, 'object') },
  ],
};
