import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireActor, type Actor } from '@/lib/actor';
import { setAuditContext, type AuditContext, type AuditSource } from '@/lib/audit/audit-context';
import type { Permission } from '@/lib/auth/permissions';
import { withEm } from '@/lib/db';
import { registerEntryPoint } from '@/lib/entry-points';
import { refuseNulCharacters } from '@/lib/input-guards';
import { GENERIC_ERROR_MESSAGE, HTTP_STATUS, toAppError } from '@/lib/errors';
import { requestInfoFrom } from '@/lib/request-info';
import { bearerSecret, tokenCaller } from '@/lib/api-tokens/token-caller';

async function sessionCaller(em: EntityManager, permission: Permission): Promise<{ actor: Actor; actorLabel: string; source: AuditSource }> {
  const actor = await requireActor(em, permission);
  return { actor, actorLabel: actor.email, source: 'admin-ui' };
}

type RouteContext<Params> = { request: NextRequest; params: Params; em: EntityManager; actor: Actor | null; audit: AuditContext | null };
type Access = { permission: Permission } | { public: true };

/**
 * The one way to build a route handler: opens a request-scoped EntityManager, authenticates and
 * authorizes (unless the route is explicitly public, like liveness), and maps every error to
 * `{ "error": "…" }` with its status. Unknown errors are logged and answered with a generic 500.
 */
export function apiRoute<Params = Record<string, string>>(
  access: Access,
  handler: (context: RouteContext<Params>) => Promise<Response>,
): (request: NextRequest, segment: { params: Promise<Params> }) => Promise<Response> {
  const route = async (request: NextRequest, segment: { params: Promise<Params> }): Promise<Response> => {
    try {
      const params = await segment.params;
      refuseNulCharacters(params, [...request.nextUrl.searchParams]);
      return await withEm(async (em) => {
        if ('public' in access) return handler({ request, params, em, actor: null, audit: null });
        const bearer = bearerSecret(request.headers);
        // A personal API token (Authorization: Bearer) goes through the same permission matrix as a session.
        const { actor, actorLabel, source } = bearer ? await tokenCaller(em, bearer, access.permission) : await sessionCaller(em, access.permission);
        return em.transactional(async (tx) => {
          const audit: AuditContext = { actorId: actor.id, actorLabel, source, ...requestInfoFrom(request.headers) };
          await setAuditContext(tx, audit);
          return handler({ request, params, em: tx, actor, audit });
        });
      });
    } catch (error) {
      const appError = toAppError(error);
      if (!appError) return NextResponse.json({ error: GENERIC_ERROR_MESSAGE }, { status: 500 });
      return NextResponse.json({ error: appError.message }, { status: HTTP_STATUS[appError.code] });
    }
  };
  return registerEntryPoint(route, { kind: 'route', access });
}
