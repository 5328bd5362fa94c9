import { createHash } from 'node:crypto';
import { cacheKeyPrefix } from '@/lib/cache';
import { countHit, readHits, resetHits } from '@/lib/hit-counter';

/**
 * Login throttling (decision 056). Counts failed sign-ins in 15-minute windows, in Redis when configured:
 * - per client (IP): after CLIENT_FAILURE_LIMIT failures the client is refused for every account;
 * - per client and account: after CLIENT_ACCOUNT_FAILURE_LIMIT failures that client is refused for that
 *   account, while other clients (the owner) still get in;
 * - per account across all clients: past ACCOUNT_DELAY_AFTER failures every attempt on the account waits
 *   a delay that doubles per failure up to MAX_DELAY_MS. A distributed attack is slowed, and the owner,
 *   once through, resets it. Unknown emails are counted the same way, so the delay says nothing about
 *   whether an account exists.
 * Emails are hashed in the keys: Redis holds no addresses.
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const CLIENT_FAILURE_LIMIT = 30;
export const CLIENT_ACCOUNT_FAILURE_LIMIT = 5;
export const ACCOUNT_DELAY_AFTER = 5;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

export type LoginThrottle = { refused: boolean; delayMs: number };

function keysFor(ip: string | null, email: string) {
  const client = ip ?? 'unknown';
  const account = createHash('sha256').update(email).digest('base64url');
  return {
    client: `${cacheKeyPrefix()}login:client:${client}`,
    clientAccount: `${cacheKeyPrefix()}login:client-account:${client}:${account}`,
    account: `${cacheKeyPrefix()}login:account:${account}`,
  };
}

export function delayForFailures(accountFailures: number): number {
  if (accountFailures < ACCOUNT_DELAY_AFTER) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (accountFailures - ACCOUNT_DELAY_AFTER));
}

export async function checkLoginThrottle(ip: string | null, email: string): Promise<LoginThrottle> {
  const keys = keysFor(ip, email);
  const [client, clientAccount, account] = await Promise.all([readHits(keys.client), readHits(keys.clientAccount), readHits(keys.account)]);
  return {
    refused: client >= CLIENT_FAILURE_LIMIT || clientAccount >= CLIENT_ACCOUNT_FAILURE_LIMIT,
    delayMs: delayForFailures(account),
  };
}

export async function recordLoginFailure(ip: string | null, email: string): Promise<void> {
  const keys = keysFor(ip, email);
  await Promise.all([countHit(keys.client, LOGIN_WINDOW_MS), countHit(keys.clientAccount, LOGIN_WINDOW_MS), countHit(keys.account, LOGIN_WINDOW_MS)]);
}

/** A successful sign-in clears this client's and the account's failures (not the client's count for other accounts). */
export async function recordLoginSuccess(ip: string | null, email: string): Promise<void> {
  const keys = keysFor(ip, email);
  await Promise.all([resetHits(keys.clientAccount), resetHits(keys.account)]);
}
