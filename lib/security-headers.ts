/**
 * The per-request part of the pages' security headers (decision 063): pure functions so the policy is
 * unit-tested; `proxy.ts` applies it. The static headers (Permissions-Policy, HSTS, …) are in next.config.js.
 */

/** A fresh, unguessable nonce for one response (128 random bits, base64). */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * Scripts run only with this response's nonce ('strict-dynamic' lets those load the chunks they import),
 * so an injected `<script>` or inline handler does not run. Styles keep 'unsafe-inline': React style
 * attributes and the toast and dialog libraries' injected styles need it, and a nonce would make the
 * browser ignore 'unsafe-inline'. The development server needs 'unsafe-eval' for React's debugging.
 */
export function contentSecurityPolicy(nonce: string, { development = false, https = false }: { development?: boolean; https?: boolean } = {}): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self' data:`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * Whether the browser reached us over HTTPS: directly, or through a TLS-terminating proxy that says so.
 * Trusting `X-Forwarded-Proto` here is safe: over plain HTTP a forged value only adds
 * `upgrade-insecure-requests`, which breaks that one page for whoever forged it.
 */
export function servedOverHttps(request: { url: string; headers: Headers }): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
