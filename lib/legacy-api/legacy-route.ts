import 'server-only';
import type { NextRequest } from 'next/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { AuditContext } from '@/lib/audit/audit-context';
import { withEm } from '@/lib/db';
import { registerEntryPoint } from '@/lib/entry-points';
import { refuseNulCharacters } from '@/lib/input-guards';
import { env } from '@/lib/env';
import { AppError, HTTP_STATUS } from '@/lib/errors';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { requestInfoFrom } from '@/lib/request-info';
import { checkAdminKey } from './admin-key';
import { recordAuthAttempt } from './auth-audit';
import { corsHeaders, judgeOrigin, preflightHeaders, type OriginVerdict } from './cors';
import { isConnectionError, isDatabaseReachable, markDatabaseSuspect, noteDatabaseAnswered } from './database-probe';
import type { Dataset } from './dataset/dataset';
import { fileDataset } from './dataset/file-dataset';
import { pgDataset } from './dataset/pg-dataset';
import { LegacyApiError } from './legacy-api-error';
import { LEGACY_SERVER_ACTOR_LABEL, legacyRoutePermission, legacyServerMay } from './legacy-server-credential';
import { redactPublicBody } from './phone';
import { publicErrorMessage } from './public-message';
import { consumeRateLimit, rateLimitHeaders } from './rate-limit';
import { cachedResponse, invalidateLegacyResponses, type CachedResponse, type ServedResponse } from './response-cache';
import type { LegacyRouteSpec, RouteAccess } from './route-spec';
import { parseMultipart } from './uploads';

/** `isAdmin`: the caller holds `X-Admin-Key`, the legacy server's scoped credential (LEGACY_SERVER_PERMISSIONS). */
export type Caller = { isAdmin: boolean; audit: AuditContext };

export type LegacyContext<Params, Query, Body> = {
  request: NextRequest;
  params: Params;
  query: Query;
  body: Body;
  /** PostgreSQL, or the legacy files when it is unreachable (reads only). */
  data: Dataset;
  /** The request-scoped EntityManager; null while PostgreSQL is unreachable (then only reads run). */
  em: EntityManager | null;
  caller: Caller;
};

type Segment = { params: Promise<Record<string, string | string[]>> };

const GENERIC_MESSAGE = 'Internal server error';
const UNAVAILABLE_MESSAGE = 'Database unavailable: changes are not accepted while PostgreSQL is unreachable';

/**
 * The one wrapper for every legacy-compatible route: CORS, rate limit, `X-Admin-Key` (audited),
 * zod-parsed input, a request-scoped EntityManager, the JSON-file fallback for reads, phone
 * redaction for callers without the key, the response cache, and every failure as `{ "error": … }`
 * with its legacy status (details of unexpected errors only in the server log).
 */
export function legacyRoute<Params, Query, Body, Response>(
  spec: LegacyRouteSpec<Params, Query, Body, Response>,
  // Bodies are checked against `spec.response` by the contract tests; legacy records are too loose for the type checker.
  handler: (context: LegacyContext<Params, Query, Body>) => Promise<unknown>,
): (request: NextRequest, segment: Segment) => Promise<globalThis.Response> {
  const route = async (request: NextRequest, segment: Segment): Promise<globalThis.Response> => {
    const origin = judgeOrigin(request);
    const headers: Record<string, string> = { ...corsHeaders(origin), 'Cache-Control': 'no-store' };
    try {
      if (origin.kind === 'refused') throw new LegacyApiError(403, 'Origin not allowed');
      const info = requestInfoFrom(request.headers);
      const rate = await consumeRateLimit(info.ip ?? 'unknown');
      Object.assign(headers, rateLimitHeaders(rate));
      if (!rate.allowed) throw new LegacyApiError(429, 'Too many requests, please try again later.');

      const url = new URL(request.url);
      const caller = authenticate(request, spec, url, info);
      const rawParams = await segment.params;
      refuseNulCharacters(rawParams, [...url.searchParams]);
      const params = parseInput(spec.params, rawParams);
      const query = parseInput(spec.query, Object.fromEntries(url.searchParams));

      if (spec.kind === 'write') {
        if (!(await isDatabaseReachable())) throw new LegacyApiError(503, UNAVAILABLE_MESSAGE);
        const body = await parseBody(request, spec);
        const result = await withEm((em) => handler({ request, params, query, body, data: pgDataset(em), em, caller }));
        await invalidateLegacyResponses();
        return respond(finishBody(result, caller, null), spec.successStatus ?? 200, headers, 'postgresql');
      }

      const body = await parseBody(request, spec);
      const run = async (data: Dataset, em: EntityManager | null): Promise<CachedResponse> => ({
        status: spec.successStatus ?? 200,
        body: JSON.stringify(finishBody(await handler({ request, params, query, body, data, em, caller }), caller, data.databaseConnected)),
      });
      if (await isDatabaseReachable()) {
        try {
          const load = async () => {
            const answer = await withEm((em) => run(pgDataset(em), em));
            noteDatabaseAnswered();
            return answer;
          };
          const answer = spec.cacheSeconds ? await cachedResponse(url, caller.isAdmin ? 'admin' : 'public', spec.cacheSeconds, load) : await load();
          return raw(answer, headers, 'postgresql');
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          markDatabaseSuspect();
        }
      }
      return raw(await run(fileDataset(), null), headers, 'legacy-files');
    } catch (error) {
      return errorResponse(error, headers, spec);
    }
  };
  return registerEntryPoint(route, { kind: 'legacy', spec });
}

/** OPTIONS for a route file: the preflight of every method it exports. */
export function legacyPreflight(...specs: Array<{ method: string }>): (request: NextRequest) => globalThis.Response {
  return (request) => {
    const verdict: OriginVerdict = judgeOrigin(request);
    if (verdict.kind === 'refused') return Response.json({ error: 'Origin not allowed' }, { status: 403 });
    return new Response(null, {
      status: 204,
      headers: preflightHeaders(
        verdict,
        specs.map((spec) => spec.method),
      ),
    });
  };
}

function authenticate(
  request: NextRequest,
  spec: { access: RouteAccess; tag: string; kind: 'read' | 'write' },
  url: URL,
  info: { ip: string | null; userAgent: string | null },
): Caller {
  const check = checkAdminKey(request.headers);
  const access = spec.access;
  const required = access === 'admin' || (access === 'admin-open' && env().LEGACY_API_REQUIRE_ADMIN_KEY);
  const audit: AuditContext = { source: 'legacy-api', actorLabel: check === 'valid' ? LEGACY_SERVER_ACTOR_LABEL : 'legacy api', ...info };
  const attempt = (action: 'ADMIN_ACCESS' | 'ADMIN_AUTH_FAILED', reason?: string) =>
    recordAuthAttempt({ action, method: request.method, path: url.pathname, reason, context: audit, attemptedAt: new Date().toISOString() });
  if (check === 'valid') attempt('ADMIN_ACCESS');
  if (check === 'invalid') attempt('ADMIN_AUTH_FAILED', 'invalid key');
  if (required && check === 'absent') {
    attempt('ADMIN_AUTH_FAILED', 'missing key');
    throw new LegacyApiError(401, 'Unauthorized: admin key required');
  }
  if (required && check === 'invalid') throw new LegacyApiError(401, 'Unauthorized: invalid admin key');
  const permission = legacyRoutePermission(spec);
  if (check === 'valid' && required && !legacyServerMay(permission)) throw new LegacyApiError(403, `Forbidden: the admin key does not grant ${permission}`);
  // Full records (phones, identity hashes) only for a key that may reveal them.
  return { isAdmin: check === 'valid' && legacyServerMay('users:reveal-pii'), audit };
}

function parseInput<T>(schema: z.ZodType<T> | undefined, input: unknown): T {
  return (schema ? schema.parse(input) : undefined) as T;
}

async function parseBody<Body>(request: NextRequest, spec: LegacyRouteSpec<unknown, unknown, Body, unknown>): Promise<Body> {
  if (!spec.body) return undefined as Body;
  if (spec.body.type === 'multipart') return (await parseMultipart(request, spec.body)) as Body;
  const contentType = request.headers.get('content-type');
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) throw new LegacyApiError(415, 'Content-Type must be application/json');
  const text = await request.text();
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new LegacyApiError(400, 'Invalid JSON body');
  }
  refuseNulCharacters(json);
  return spec.body.schema.parse(json);
}

/**
 * Callers without the key never see more of a phone than its country code and last two digits, nor an
 * identity hash unless LEGACY_PUBLIC_IDENTITY=expose; read bodies say whether PostgreSQL answered.
 */
function finishBody(result: unknown, caller: Caller, databaseConnected: boolean | null): unknown {
  const body = caller.isAdmin ? result : redactPublicBody(result as JsonValue, { exposeIdentity: env().LEGACY_PUBLIC_IDENTITY === 'expose' });
  if (databaseConnected === null || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...body, databaseConnected };
}

function respond(body: unknown, status: number, headers: Record<string, string>, source: string): globalThis.Response {
  return raw({ status, body: JSON.stringify(body) }, headers, source);
}

function raw(answer: ServedResponse, headers: Record<string, string>, source: string): globalThis.Response {
  return new Response(answer.body, {
    status: answer.status,
    headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'X-Data-Source': source },
  });
}

function errorResponse(error: unknown, headers: Record<string, string>, spec: { method: string; path: string }): globalThis.Response {
  const [status, message] = describeError(error, spec);
  return Response.json({ error: publicErrorMessage(message) }, { status, headers });
}

function describeError(error: unknown, spec: { method: string; path: string }): [number, string] {
  if (error instanceof LegacyApiError) return [error.status, error.message];
  if (error instanceof z.ZodError) return [400, zodMessage(error)];
  if (error instanceof AppError) return [HTTP_STATUS[error.code], error.message];
  if (isConnectionError(error)) {
    markDatabaseSuspect();
    return [503, UNAVAILABLE_MESSAGE];
  }
  console.error(`legacy-api ${spec.method} ${spec.path} failed`, error);
  return [500, GENERIC_MESSAGE];
}

/**
 * The first problem. Refinements carry the legacy server's own sentence (`Invalid tier level`) and are
 * returned as written; zod's generic messages are prefixed with the field they are about.
 */
function zodMessage(error: z.ZodError): string {
  const [issue] = error.issues;
  const field = issue.path.join('.');
  return issue.code === 'custom' || !field ? issue.message : `${field}: ${issue.message}`;
}
