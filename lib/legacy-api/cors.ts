import { env } from '@/lib/env';

const ALLOWED_HEADERS = ['Content-Type', 'X-Admin-Key', 'Authorization', 'X-Requested-With'].join(', ');
const EXPOSED_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'X-Data-Source'].join(', ');
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export type OriginVerdict = { kind: 'none' } | { kind: 'allowed'; origin: string } | { kind: 'refused'; origin: string };

/**
 * Browser origins may call the legacy API when configured (LEGACY_API_CORS_ORIGINS: the admin panel
 * on :3002, the wallet UI on :5173) or when they are this app's own origin. Requests without an
 * Origin (servers, curl, the legacy server) are not browser requests and CORS does not apply.
 */
export function judgeOrigin(request: Request, origins = env().LEGACY_API_CORS_ORIGINS): OriginVerdict {
  const origin = request.headers.get('origin');
  if (!origin) return { kind: 'none' };
  if (origins.includes(origin) || origin === new URL(request.url).origin || isSameHost(request, origin)) return { kind: 'allowed', origin };
  return { kind: 'refused', origin };
}

// Behind a proxy request.url carries the internal host; the Host header is what the browser used.
function isSameHost(request: Request, origin: string): boolean {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The legacy API authenticates with `X-Admin-Key`, never cookies, so an allowed origin is not let send
 * the admin session's cookies along: with credentials, any page served from a listed localhost port
 * (a dev server, a local tool) could act as the signed-in admin. An origin that needs them is listed in
 * LEGACY_API_CORS_CREDENTIAL_ORIGINS.
 */
export function corsHeaders(verdict: OriginVerdict, credentialOrigins = env().LEGACY_API_CORS_CREDENTIAL_ORIGINS): Record<string, string> {
  if (verdict.kind !== 'allowed') return {};
  return {
    'Access-Control-Allow-Origin': verdict.origin,
    ...(credentialOrigins.includes(verdict.origin) ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  };
}

export function preflightHeaders(verdict: OriginVerdict, methods: readonly string[], credentialOrigins?: string[]): Record<string, string> {
  return {
    ...corsHeaders(verdict, credentialOrigins),
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
  };
}
