import { text, timestamp } from '../codecs';
import type { SourceMapping } from '../source-mapping';
import { orderedJson } from '../shared-codecs';

/** `data` member orders per log type, as the legacy server writes them. */
const SERVER_LOG_DATA_ORDER = {
  keys: [
    ['endpoint', 'method', 'phoneNumber', 'success', 'durationMs'],
    ['action', 'txHash', 'blockNumber', 'gasUsed'],
    ['phoneNumber', 'action', 'success', 'channel'],
    ['identityHash', 'action', 'success'],
    ['poolId', 'operation', 'amount', 'phoneNumber'],
    ['endpoint', 'message', 'phoneNumber'],
    ['phoneNumber', 'success', 'attemptsRemaining'],
    ['phoneNumber', 'alert', 'ip'],
  ],
};

/**
 * server-logs.json → server_logs, one row per entry. Key: the array index, which names a different
 * entry after every trim of the 500-entry window, so a re-import after a trim rewrites the rows.
 * Phone numbers inside `data` are already masked by the legacy server.
 */
export const serverLogsMapping: SourceMapping = {
  source: 'server-logs',
  table: 'server_logs',
  fields: [
    { field: 'timestamp', column: 'logged_at', codec: timestamp },
    { field: 'type', column: 'type', codec: text },
    { field: 'data', column: 'data', codec: orderedJson(SERVER_LOG_DATA_ORDER, 'object') },
  ],
};
