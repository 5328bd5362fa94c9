import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, createNonce, servedOverHttps } from '@/lib/security-headers';

/**
 * Per-request Content-Security-Policy with a nonce (decision 063). Next reads the policy from the
 * request headers and puts the nonce on its own scripts; the root layout reads `x-nonce` for the theme
 * script. Never an auth check: every page, action and route checks its own.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development', https: servedOverHttps(request) });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes and static files carry the static headers of next.config.js.
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
