import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * A raw `pg` client from the ORM's own pool (same role, time zone and limits as every other query),
 * for what the ORM cannot do: COPY and server-side cursors.
 */
export async function withPgClient<T>(em: EntityManager, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const knexClient = em.getConnection().getKnex().client as {
    acquireConnection(): Promise<pg.Client>;
    releaseConnection(connection: pg.Client): Promise<void>;
  };
  const client = await knexClient.acquireConnection();
  try {
    return await fn(client);
  } finally {
    await knexClient.releaseConnection(client);
  }
}

/** Runs `fn` in a transaction on `client`; rolls back on any error. */
export async function inTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
