import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

export type LeasedPgClient = { client: pg.Client; release: () => Promise<void> };

/**
 * A raw `pg` connection leased from the ORM's own pool (same role, time zone and limits as every other
 * query), for what the ORM cannot do: COPY, server-side cursors, session advisory locks. MikroORM 6
 * offers no public call for this, so the pool's acquire/release are reached here and nowhere else.
 */
export async function leasePgClient(em: EntityManager): Promise<LeasedPgClient> {
  const pool = em.getConnection().getKnex().client as {
    acquireConnection(): Promise<pg.Client>;
    releaseConnection(connection: pg.Client): Promise<void>;
  };
  const client = await pool.acquireConnection();
  return { client, release: () => pool.releaseConnection(client) };
}

/** Runs `fn` with a leased raw client and gives it back afterwards, whatever happens. */
export async function withPgClient<T>(em: EntityManager, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { client, release } = await leasePgClient(em);
  try {
    return await fn(client);
  } finally {
    await release();
  }
}

const openTransactions = new WeakMap<pg.Client, number>();

type KnexPool = { acquireConnection(): Promise<pg.Client> };

/**
 * Runs `fn` in a transaction on a raw client that joins `em`'s open transaction when there is one (a
 * wrapper's), so the raw writes commit or roll back with everything else the request did; outside a
 * transaction it leases a client and runs a transaction of its own.
 */
export async function inEmTransaction<T>(em: EntityManager, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const transaction = em.getTransactionContext<{ client: KnexPool }>();
  if (!transaction) return withPgClient(em, (client) => inTransaction(client, () => fn(client)));
  // Knex hands out the transaction's own connection to whoever asks its transaction client.
  const client = await transaction.client.acquireConnection();
  const depth = openTransactions.get(client) ?? 0;
  openTransactions.set(client, depth + 1);
  try {
    return await inTransaction(client, () => fn(client));
  } finally {
    openTransactions.set(client, depth);
  }
}

/**
 * The one way raw-client code runs a transaction: `fn` commits as a whole or not at all. Called inside
 * another `inTransaction` on the same client it becomes a savepoint, so building blocks (an import, a
 * read through a cursor) compose into one caller's transaction instead of committing it early.
 */
export async function inTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  const depth = openTransactions.get(client) ?? 0;
  const savepoint = `nested_${depth}`;
  await client.query(depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
  openTransactions.set(client, depth + 1);
  try {
    const result = await fn();
    await client.query(depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
    return result;
  } catch (error) {
    await client.query(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
    throw error;
  } finally {
    openTransactions.set(client, depth);
  }
}
