import { describe, expect, it } from 'vitest';
import { corsHeaders, judgeOrigin } from './legacy-api/cors';
import { contentSecurityPolicy, createNonce, servedOverHttps } from './security-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));

describe('content security policy', () => {
  it('lets scripts run only with the response nonce: no unsafe-inline or unsafe-eval scripts in production', () => {
    const script = directives(contentSecurityPolicy('abc123')).get('script-src')!;
    expect(script).toContain(`'nonce-abc123'`);
    expect(script).toContain(`'strict-dynamic'`);
    expect(script).not.toContain(`'unsafe-inline'`);
    expect(script).not.toContain(`'unsafe-eval'`);
    expect(directives(contentSecurityPolicy('abc123', { development: true })).get('script-src')).toContain(`'unsafe-eval'`);
  });

  it('forbids framing, plugins and foreign form targets, and upgrades requests only over HTTPS', () => {
    const policy = directives(contentSecurityPolicy('n'));
    expect(policy.get('frame-ancestors')).toEqual([`'none'`]);
    expect(policy.get('object-src')).toEqual([`'none'`]);
    expect(policy.get('form-action')).toEqual([`'self'`]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    expect(directives(contentSecurityPolicy('n', { https: true })).has('upgrade-insecure-requests')).toBe(true);
  });

  it('makes a different 128-bit nonce for every response', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0], 'base64')).toHaveLength(16);
  });

  it('counts a request as HTTPS when it is, or when the TLS-terminating proxy says so', () => {
    expect(servedOverHttps({ url: 'https://admin.example/', headers: new Headers() })).toBe(true);
    expect(servedOverHttps({ url: 'http://127.0.0.1:3002/', headers: new Headers({ 'x-forwarded-proto': 'https' }) })).toBe(true);
    expect(servedOverHttps({ url: 'http://127.0.0.1:3002/', headers: new Headers() })).toBe(false);
    expect(servedOverHttps({ url: 'http://127.0.0.1:3002/', headers: new Headers({ 'x-forwarded-proto': 'http' }) })).toBe(false);
  });
});

describe('legacy API CORS', () => {
  const fromLocalhost = new Request('http://127.0.0.1:3002/api/stats', { headers: { origin: 'http://localhost:5173' } });
  const origins = ['http://localhost:3002', 'http://localhost:5173'];

  it('allows a listed localhost origin without credentials by default', () => {
    const verdict = judgeOrigin(fromLocalhost, origins);
    expect(verdict).toEqual({ kind: 'allowed', origin: 'http://localhost:5173' });
    const headers = corsHeaders(verdict, []);
    expect(headers['Access-Control-Allow-Origin']).toBe('http://localhost:5173');
    expect(headers).not.toHaveProperty('Access-Control-Allow-Credentials');
  });

  it('sends credentials only to an origin listed for them', () => {
    expect(corsHeaders(judgeOrigin(fromLocalhost, origins), ['http://localhost:5173'])).toMatchObject({ 'Access-Control-Allow-Credentials': 'true' });
  });
});
