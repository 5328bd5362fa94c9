import { BlockList, isIP } from 'node:net';
import { env } from '@/lib/env';

export type RequestInfo = { ip: string | null; userAgent: string | null };

/** Set by scripts/lib/peer-address.mjs from the TCP socket, overwriting any client-sent value. */
export const PEER_ADDRESS_HEADER = 'x-pend-peer-address';
const marker = globalThis as typeof globalThis & { __pendPeerAddressHeader?: boolean };

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) is 203.0.113.7. */
function normalize(address: string | null | undefined): string | null {
  const trimmed = address?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '') ?? '';
  return isIP(trimmed) ? trimmed : null;
}

/** A BlockList of `TRUSTED_PROXIES` entries (addresses or CIDRs, IPv4 or IPv6). */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address (issue 13 item 9). The TCP peer is the client unless it is a configured proxy
 * (`TRUSTED_PROXIES`); only then is X-Forwarded-For read, right to left, skipping trusted proxies, and
 * the first address not ours is the client. Each proxy appends the peer it saw, so entries left of the
 * first untrusted one are whatever the client wrote and never count.
 *
 * The peer comes from the socket through PEER_ADDRESS_HEADER where scripts/lib/peer-address.mjs is
 * preloaded (npm start / dev). Without it (a bare `next start`, tests) the rightmost X-Forwarded-For
 * hop stands in for the peer: Next sets it to the socket address when the client sent none.
 */
export function clientIp(headers: Headers, trusted: BlockList, peerHeaderActive = marker.__pendPeerAddressHeader === true): string | null {
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map(normalize);
  const peer = peerHeaderActive ? normalize(headers.get(PEER_ADDRESS_HEADER)) : (hops.pop() ?? null);
  if (!peer || !isTrusted(trusted, peer)) return peer;
  if (peerHeaderActive && hops.at(-1) === peer) hops.pop(); // Next's own copy of the peer (no client header)
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index];
    if (hop === null) return peer; // a malformed entry: nothing left of it can be trusted
    if (!isTrusted(trusted, hop)) return hop;
  }
  return peer;
}

type ProxyCache = { source: string; list: BlockList };
const cache = globalThis as typeof globalThis & { __pendTrustedProxies?: ProxyCache };

function configuredProxies(): BlockList {
  const entries = env().TRUSTED_PROXIES;
  const source = entries.join(',');
  if (cache.__pendTrustedProxies?.source !== source) cache.__pendTrustedProxies = { source, list: trustedProxyList(entries) };
  return cache.__pendTrustedProxies.list;
}

/** Client IP (see `clientIp`) and user agent, for rate limits and the audit trail: the one place both are read. */
export function requestInfoFrom(headers: Headers): RequestInfo {
  return {
    ip: clientIp(headers, configuredProxies()),
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}
