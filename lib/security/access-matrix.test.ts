import type { MikroORM } from '@mikro-orm/postgresql';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { createApiToken } from '@/lib/api-tokens/api-token.service';
import { hasPermission, ROLES, type Permission, type Role } from '@/lib/auth/permissions';
import { env } from '@/lib/env';
import { DEVELOPMENT_ADMIN_KEY } from '@/lib/legacy-api/admin-key';
import { legacyRoutePermission, legacyServerMay } from '@/lib/legacy-api/legacy-server-credential';
import { testAuthSession } from '@/lib/testing/test-session';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { actionEntryPoints, describeAccess, pageEntryPoints, routeEntryPoints, type ActionEntryPoint, type RouteEntryPoint } from './entry-point-catalog';
import { EXPECTED_ACTIONS, EXPECTED_PAGES, EXPECTED_ROUTES, UNWRAPPED_BECAUSE } from './expected-access';
import { requestFor } from './requests';

// Every call runs as whoever this session names; outside Next there is no cookie to read it from.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('next-auth', () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {} }));
vi.mock('@/lib/auth/next-auth', () => ({
  auth: () => testAuthSession(session.userId),
  signIn: () => Promise.resolve(undefined),
  signOut: () => Promise.resolve(undefined),
  handlers: { GET: () => new Response(null, { status: 404 }), POST: () => new Response(null, { status: 404 }) },
}));
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(new Headers({ 'user-agent': 'vitest-access-matrix' })) }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

// Read before anything parses the environment: two-step sign-in is not what this matrix is about (its own tests are).
process.env.MFA_REQUIRED_ROLES = '';

const SESSION_ENDED = 'Your session has ended. Sign in again.';
const NOT_PERMITTED = 'You do not have permission to do this.';

let orm: MikroORM;
const adminOf = {} as Record<Role, string>;
const tokenOf = {} as Record<Role, string>;
let routes: RouteEntryPoint[];
let actions: ActionEntryPoint[];

beforeAll(async () => {
  orm = await useTestOrm();
  for (const role of ROLES) {
    const email = randomEmail(`matrix-${role}`);
    adminOf[role] = (await createAdminUser(orm.em.fork(), { email, name: `Matrix ${role}`, role })).user.id;
    const owner = { id: adminOf[role], email, name: `Matrix ${role}`, role };
    tokenOf[role] = (await createApiToken(orm.em.fork(), owner, { name: 'access matrix', role, expiresInDays: 1 })).secret;
  }
  routes = await routeEntryPoints();
  actions = await actionEntryPoints();
}, 120_000);

type Answer = { status: number; error: string | null };

async function callRoute(entry: RouteEntryPoint, role: Role | null, headers: Record<string, string> = {}): Promise<Answer> {
  session.userId = role ? adminOf[role] : null;
  const { request, params } = requestFor(entry.file, entry.method, { headers });
  const response = await entry.handler(request as NextRequest, { params: Promise.resolve(params) });
  if (response.status < 400) {
    // Streams (SSE, exports) are not read: the status is decided before the first byte.
    await response.body?.cancel();
    return { status: response.status, error: null };
  }
  return { status: response.status, error: ((await response.json()) as { error: string }).error };
}

/** Allowed past the role check: a 403 may still come from a rule about the resource (another grid, a link signed for someone else). */
const passedRoleCheck = ({ status, error }: Answer) => status !== 401 && status !== 500 && error !== NOT_PERMITTED;

async function callAction(entry: ActionEntryPoint, role: Role | null): Promise<{ ok: boolean; message?: string }> {
  session.userId = role ? adminOf[role] : null;
  return entry.action(undefined, new FormData());
}

describe('the catalog of entry points', () => {
  it('lists every route handler with the access it is built with (a new or changed route must be added to expected-access.ts)', () => {
    const found = Object.fromEntries(routes.map((entry) => [`${entry.method} ${entry.file}`, describeAccess(entry.access)]));
    expect(found).toEqual(EXPECTED_ROUTES);
  });

  it('lists every server action with its permission (a new or changed action must be added to expected-access.ts)', () => {
    const found = Object.fromEntries(actions.map((entry) => [`${entry.file} ${entry.name}`, describeAccess(entry.access)]));
    expect(found).toEqual(EXPECTED_ACTIONS);
  });

  it('lists every page with the permission its loader asks for', () => {
    expect(Object.fromEntries(pageEntryPoints().map((page) => [page.file, page.permission]))).toEqual(EXPECTED_PAGES);
  });

  it('gives a reason for every entry point not built by a wrapper', () => {
    const unwrapped = [
      ...routes.filter((entry) => !entry.access).map((entry) => `${entry.method} ${entry.file}`),
      ...actions.filter((entry) => !entry.access).map((entry) => `${entry.file} ${entry.name}`),
      ...pageEntryPoints()
        .filter((page) => !page.permission)
        .map((page) => page.file),
    ].sort();
    expect(unwrapped).toEqual(Object.keys(UNWRAPPED_BECAUSE).sort());
  });
});

describe('route handlers built with apiRoute, called by every role and without credentials', () => {
  it('refuses a caller without a session with 401 on every protected route', async () => {
    const protectedRoutes = routes.filter((entry) => entry.access?.kind === 'route' && 'permission' in entry.access.access);
    expect(protectedRoutes.length).toBeGreaterThan(5);
    for (const entry of protectedRoutes) {
      const route = `${entry.method} ${entry.file}`;
      expect({ route, answer: await callRoute(entry, null) }).toEqual({ route, answer: { status: 401, error: SESSION_ENDED } });
    }
  });

  it.each(['session', 'personal API token'] as const)(
    'refuses every role without the permission with 403 and lets every role with it past authorization (%s)',
    async (credential) => {
      const outcomes: string[] = [];
      for (const entry of routes) {
        if (entry.access?.kind !== 'route' || !('permission' in entry.access.access)) continue;
        const permission = entry.access.access.permission;
        for (const role of ROLES) {
          const allowed = hasPermission(role, permission);
          // Only reads are called as an allowed role: the matrix never changes data for real.
          if (allowed && entry.method !== 'GET') continue;
          const answer = credential === 'session' ? await callRoute(entry, role) : await callRoute(entry, null, { authorization: `Bearer ${tokenOf[role]}` });
          const verdict = allowed === passedRoleCheck(answer) && (allowed || answer.status === 403) ? 'ok' : 'WRONG';
          outcomes.push(`${verdict} ${role} ${entry.method} ${entry.file} -> ${answer.status} ${answer.error ?? ''}`);
        }
      }
      expect(outcomes.filter((line) => line.startsWith('WRONG'))).toEqual([]);
      expect(outcomes.length).toBeGreaterThan(20);
    },
    120_000,
  );

  it('refuses an unknown bearer token with 401 on every protected route', async () => {
    for (const entry of routes.filter((candidate) => candidate.access?.kind === 'route' && 'permission' in candidate.access.access)) {
      expect({ route: `${entry.method} ${entry.file}`, status: (await callRoute(entry, null, { authorization: 'Bearer pend_not-a-token' })).status }).toEqual({
        route: `${entry.method} ${entry.file}`,
        status: 401,
      });
    }
  });
});

describe('legacy routes, called without the admin key, with a wrong one and with the right one', () => {
  it('answers 401 without a valid key on every route that needs it, and never 401 on a public one', async () => {
    const outcomes: string[] = [];
    for (const entry of routes) {
      if (entry.access?.kind !== 'legacy') continue;
      const { access } = entry.access.spec;
      const needsKey = access === 'admin' || (access === 'admin-open' && env().LEGACY_API_REQUIRE_ADMIN_KEY);
      for (const [label, headers] of [
        ['no key', {}],
        ['wrong key', { 'x-admin-key': 'not-the-key' }],
      ] as const) {
        if (!needsKey && entry.method !== 'GET') continue;
        const { status } = await callRoute(entry, null, headers);
        const verdict = needsKey === (status === 401) ? 'ok' : 'WRONG';
        outcomes.push(`${verdict} ${label} ${entry.method} ${entry.file} -> ${status}`);
      }
    }
    expect(outcomes.filter((line) => line.startsWith('WRONG'))).toEqual([]);
  }, 120_000);

  it("lets the right key past authorization on every read within the legacy server's permissions, and answers 403 beyond them", async () => {
    const outcomes: string[] = [];
    for (const entry of routes) {
      if (entry.access?.kind !== 'legacy' || entry.method !== 'GET') continue;
      const { status } = await callRoute(entry, null, { 'x-admin-key': DEVELOPMENT_ADMIN_KEY });
      const within =
        entry.access.spec.access === 'public' || legacyServerMay(legacyRoutePermission(entry.access.spec as Parameters<typeof legacyRoutePermission>[0]));
      const verdict = within ? ([401, 403, 500].includes(status) ? 'WRONG' : 'ok') : status === 403 ? 'ok' : 'WRONG';
      outcomes.push(`${verdict} ${entry.file} -> ${status}`);
    }
    expect(outcomes.filter((line) => line.startsWith('WRONG'))).toEqual([]);
  }, 120_000);
});

describe('server actions, called by every role and without a session', () => {
  it('refuses a caller without a session on every action built with adminAction', async () => {
    for (const entry of actions.filter((candidate) => candidate.access)) {
      expect({ action: entry.name, result: await callAction(entry, null) }).toMatchObject({
        action: entry.name,
        result: { ok: false, message: SESSION_ENDED },
      });
    }
  });

  it('refuses every role without the permission, and lets every role with it past authorization', async () => {
    const outcomes: string[] = [];
    for (const entry of actions) {
      if (entry.access?.kind !== 'action') continue;
      const { permission, schema } = entry.access;
      // An action whose input may be empty would run for real: allowed roles are only called where validation stops it.
      const runsOnEmptyInput = schema.safeParse({}).success;
      for (const role of ROLES) {
        const allowed = hasPermission(role, permission as Permission);
        if (allowed && runsOnEmptyInput) continue;
        const result = await callAction(entry, role);
        const refused = result.message === NOT_PERMITTED || result.message === SESSION_ENDED;
        outcomes.push(`${allowed === refused ? 'WRONG' : 'ok'} ${role} ${entry.name} -> ${result.message ?? 'field errors'}`);
      }
    }
    expect(outcomes.filter((line) => line.startsWith('WRONG'))).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(50);
  }, 120_000);
});
