import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { clientIp, PEER_ADDRESS_HEADER, trustedProxyList } from './request-info';

const NONE = trustedProxyList([]);
const PROXIES = trustedProxyList(['10.0.0.0/8', '2001:db8::/32', '192.0.2.1']);
const headers = (values: Record<string, string>) => new Headers(values);

describe('clientIp behind the socket-address preload', () => {
  it('X-Forwarded-For from an untrusted peer is ignored: the socket address is the client', () => {
    const request = headers({ [PEER_ADDRESS_HEADER]: '198.51.100.7', 'x-forwarded-for': '1.2.3.4' });
    expect(clientIp(request, NONE, true)).toBe('198.51.100.7');
    expect(clientIp(request, PROXIES, true)).toBe('198.51.100.7');
  });

  it('behind a trusted proxy the client is the rightmost X-Forwarded-For hop that is not a trusted proxy', () => {
    const request = headers({ [PEER_ADDRESS_HEADER]: '10.0.0.5', 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 192.0.2.1' });
    expect(clientIp(request, PROXIES, true)).toBe('203.0.113.9');
  });

  it('a trusted peer that forwarded nothing is itself the client (Next copied it into X-Forwarded-For)', () => {
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: '10.0.0.5', 'x-forwarded-for': '10.0.0.5' }), PROXIES, true)).toBe('10.0.0.5');
  });

  it('a malformed hop ends the walk at the trusted peer instead of believing what lies left of it', () => {
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: '10.0.0.5', 'x-forwarded-for': '6.6.6.6, not-an-ip' }), PROXIES, true)).toBe('10.0.0.5');
  });

  it('reads an IPv4 client on a dual-stack socket as IPv4, and matches IPv6 CIDRs', () => {
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: '::ffff:203.0.113.4' }), NONE, true)).toBe('203.0.113.4');
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: '2001:db8::1', 'x-forwarded-for': '2001:db9::2' }), PROXIES, true)).toBe('2001:db9::2');
  });

  it('a client-sent peer header is ignored where the preload did not run (a bare next start)', () => {
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: '6.6.6.6', 'x-forwarded-for': '198.51.100.8' }), NONE, false)).toBe('198.51.100.8');
  });
});

describe('scripts/lib/peer-address.mjs', () => {
  it('overwrites a client-sent peer header with the socket address', async () => {
    await import('../scripts/lib/peer-address.mjs');
    const server = http.createServer((request, response) => response.end(String(request.headers[PEER_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: '6.6.6.6' } });
      expect(await answer.text()).toBe('127.0.0.1');
    } finally {
      server.close();
    }
  });
});

describe('TRUSTED_PROXIES', () => {
  it('takes addresses and CIDRs and refuses anything else, naming the variable', () => {
    expect(parseEnv({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1,2001:db8::/32' }).TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '192.0.2.1', '2001:db8::/32']);
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    for (const bad of ['proxy.internal', '10.0.0.0/33', '10.0.0.1/8/1']) expect(() => parseEnv({ TRUSTED_PROXIES: bad })).toThrow(EnvError);
    expect(() => parseEnv({ TRUSTED_PROXIES: 'proxy.internal' })).toThrow(/TRUSTED_PROXIES/);
  });
});
