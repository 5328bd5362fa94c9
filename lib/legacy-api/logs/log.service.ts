import type { Dataset } from '../dataset/dataset';

/** The server log as `GET /api/logs` served it (capped at 500 entries, like the file). */
export async function listServerLogs(data: Dataset, query: { limit: number; type?: string }) {
  return { logs: await data.serverLogs(query.limit, query.type) };
}
