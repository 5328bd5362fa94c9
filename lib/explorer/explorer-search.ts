import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '@/lib/list-query/sql';
import type { ExplorerSearchHit } from './explorer.dto';
import type { ExplorerSearchInput } from './explorer.schemas';

const BLOCK_NUMBER = /^\d{1,18}$/;
const HASH_32 = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
/** An identity-hash prefix: `0x` and at least six hex digits (fewer would list half the registry). */
const HEX_PREFIX = /^0x[0-9a-f]{6,63}$/;
const MAX_IDENTITY_HITS = 20;

async function rows<Row>(em: EntityManager, query: { text: string; values: readonly unknown[] }): Promise<Row[]> {
  return em.execute<Row[]>(query.text, [...query.values]);
}

/**
 * What the search text names, each lookup an index probe: a block number; a 32-byte hash as a
 * transaction (chain or log), a block hash or (for a role with `explorer:identities`) a whole identity
 * hash; a 20-byte address; an identity-hash prefix (same permission). An address is a hit even when
 * nothing is stored for it yet: its page says so.
 */
export async function searchExplorer(em: EntityManager, { q }: ExplorerSearchInput, { showIdentity }: { showIdentity: boolean }): Promise<ExplorerSearchHit[]> {
  const text = q.replace(/\s+/g, '').toLowerCase();
  const hits: ExplorerSearchHit[] = [];
  if (BLOCK_NUMBER.test(text)) {
    const number = BigInt(text).toString();
    const found = await rows<{ n: string }>(em, sql`SELECT block_number::text AS n FROM chain_blocks WHERE block_number = ${number}::bigint LIMIT 1`);
    if (found.length) hits.push({ kind: 'block', blockNumber: number, href: `/explorer/blocks/${number}` });
  }
  if (HASH_32.test(text)) {
    const [transaction] = await rows<{ hash: string }>(
      em,
      sql`SELECT tx_hash AS hash FROM chain_transactions WHERE tx_hash = ${text}
          UNION ALL SELECT tx_hash FROM transaction_log WHERE tx_hash = ${text} LIMIT 1`,
    );
    if (transaction) hits.push({ kind: 'transaction', hash: text, href: `/explorer/transactions/${text}` });
    const [block] = await rows<{ n: string }>(
      em,
      sql`SELECT block_number::text AS n FROM chain_blocks WHERE block_hash = ${text} AND block_number IS NOT NULL LIMIT 1`,
    );
    if (block) hits.push({ kind: 'block', blockNumber: block.n, href: `/explorer/blocks/${block.n}` });
  }
  if (ADDRESS.test(text)) hits.push({ kind: 'address', address: text, href: `/explorer/address/${text}` });
  if (showIdentity && (HASH_32.test(text) || HEX_PREFIX.test(text))) {
    // The users table's identity hashes carry the prefix index; the wallet links each to its address page.
    const identities = await rows<{ identity_hash: string; wallet_address: string | null }>(
      em,
      sql`SELECT u.identity_hash, u.wallet_address FROM users u WHERE u.identity_hash LIKE ${`${text}%`} ORDER BY u.identity_hash LIMIT ${MAX_IDENTITY_HITS}`,
    );
    for (const identity of identities) {
      hits.push({
        kind: 'identity',
        identityHash: identity.identity_hash,
        walletAddress: identity.wallet_address,
        href: identity.wallet_address ? `/explorer/address/${identity.wallet_address.toLowerCase()}` : `/users?q=${identity.identity_hash}`,
      });
    }
  }
  return hits;
}
