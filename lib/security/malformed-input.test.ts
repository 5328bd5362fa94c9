import type { MikroORM } from '@mikro-orm/postgresql';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { GENERIC_ERROR_MESSAGE } from '@/lib/errors';
import { DEVELOPMENT_ADMIN_KEY } from '@/lib/legacy-api/admin-key';
import { importLegacyFolder, legacyTestFolder } from '@/lib/legacy-api/testing';
import { testAuthSession } from '@/lib/testing/test-session';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { actionEntryPoints, routeEntryPoints, type ActionEntryPoint, type RouteEntryPoint } from './entry-point-catalog';
import { requestFor } from './requests';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('next-auth', () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {} }));
vi.mock('@/lib/auth/next-auth', () => ({
  auth: () => testAuthSession(session.userId),
  signIn: () => Promise.resolve(undefined),
  signOut: () => Promise.resolve(undefined),
  handlers: { GET: () => new Response(null, { status: 404 }), POST: () => new Response(null, { status: 404 }) },
}));
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(new Headers({ 'user-agent': 'vitest-malformed-input' })) }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

// Read before anything parses the environment: the corpus sends thousands of requests from one client,
// and the routes must answer each on its merits, not with the rate limit's 429.
process.env.RATE_LIMIT_MAX = '1000000';
process.env.MFA_REQUIRED_ROLES = '';
const folder = legacyTestFolder(71);
process.env.LEGACY_DATA_DIR = folder.dir;

/** What an attacker or a broken client sends: each value goes into every parameter, query field and form field. */
const CORPUS: Record<string, string> = {
  'SQL injection': "' OR '1'='1'; DROP TABLE assets; --",
  'SQL union': '1 UNION SELECT password_hash FROM admin_users--',
  markup: '<script>alert(1)</script><img src=x onerror=alert(1)>',
  'NUL byte': 'abc\u0000def',
  overlong: 'x'.repeat(100_000),
  'path traversal': '../../../../etc/passwd',
  'encoded traversal': '..%2F..%2F..%2Fetc%2Fpasswd',
  'prototype key': '__proto__',
  'constructor key': 'constructor',
  'huge number': '1e309',
  negative: '-1',
  'unicode controls': '\u202e\ufeff\ud83d\ude00\ufdfa',
  'operator object': '{"$ne":null}',
  'CRLF header': 'a\r\nSet-Cookie: x=1',
  polyglot: 'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//%0D%0A//</stYle/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>',
};

/** JSON bodies of the wrong shape, with prototype-polluting keys, and of wrong types. */
const BODIES: Record<string, string> = {
  null: 'null',
  array: '[]',
  string: '"text"',
  'proto pollution': '{"__proto__":{"polluted":true}}',
  'constructor pollution': '{"constructor":{"prototype":{"polluted":true}}}',
  'not JSON': '{"name": ',
  'deep nesting': '['.repeat(5_000) + ']'.repeat(5_000),
};

// Query names every list route reads; the legacy routes add their own schema's names.
const COMMON_QUERY_NAMES = ['q', 'search', 'sort', 'order', 'cursor', 'limit', 'page', 'status', 'from', 'to', 'type', 'format', 'reason', 'columns'];

let orm: MikroORM;
let superAdmin: string;
let storedAssetId: string;
let routes: RouteEntryPoint[];
let actions: ActionEntryPoint[];

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(await ownerEm(), folder);
  superAdmin = (await createAdminUser(orm.em.fork(), { email: randomEmail('corpus'), name: 'Corpus super admin', role: 'super_admin' })).user.id;
  routes = await routeEntryPoints();
  actions = await actionEntryPoints();
  [{ id: storedAssetId }] = await orm.em.fork().execute<Array<{ id: string }>>(`SELECT id::text AS id FROM assets ORDER BY id LIMIT 1`);
}, 180_000);

function queryNames(entry: RouteEntryPoint): string[] {
  const schema = entry.access?.kind === 'legacy' ? entry.access.spec.query : undefined;
  const own = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return [...new Set([...own, ...COMMON_QUERY_NAMES])];
}

function bodyNames(entry: RouteEntryPoint): string[] {
  const body = entry.access?.kind === 'legacy' ? entry.access.spec.body : undefined;
  const schema = body?.type === 'json' ? body.schema : body?.fields;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Status and, for a refusal, whether it is the `{ "error": "…" }` every route promises. */
async function send(entry: RouteEntryPoint, options: Parameters<typeof requestFor>[2]): Promise<string> {
  session.userId = superAdmin;
  const { request, params } = requestFor(entry.file, entry.method, { ...options, headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY, ...options?.headers } });
  const response = await entry.handler(request as NextRequest, { params: Promise.resolve(params) });
  if (response.status < 400) {
    await response.body?.cancel();
    return `${response.status}`;
  }
  const text = await response.text();
  let error: unknown;
  try {
    error = (JSON.parse(text) as { error?: unknown }).error;
  } catch {
    error = undefined;
  }
  return typeof error === 'string' && error.length > 0 ? `${response.status}` : `${response.status} without an error message`;
}

const isFault = (outcome: string) => outcome.startsWith('5') || outcome.includes('without');

/** Row count and content digest of every table: what "nothing stored changed" compares. */
async function fingerprint(): Promise<Record<string, string>> {
  const em = orm.em.fork();
  const tables = await em.execute<Array<{ name: string }>>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    // The audit trail and the access logs record the refusals themselves; that is their job, not a stored change.
    // Sessions stamp their last activity on every authenticated call, and an on-demand analytics refresh with any
    // free-text reason is a valid request that records its refresh time: neither is data a malformed input wrote.
    if (['audit_trail', 'user_data_access', 'legacy_auth_attempts', 'admin_sessions', 'analytics_refreshes'].includes(name)) continue;
    const [row] = await em.execute<Array<{ digest: string }>>(
      `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${name}" t`,
    );
    digests[name] = row.digest;
  }
  return digests;
}

describe('every route parameter and query field, given each value of the corpus', () => {
  it('answers a clear 4xx or a normal answer, never a 500', async () => {
    const faults: string[] = [];
    let refusedAccess = 0;
    let calls = 0;
    for (const entry of routes.filter((candidate) => candidate.method === 'GET' && candidate.access)) {
      for (const [label, value] of Object.entries(CORPUS)) {
        const query = Object.fromEntries(queryNames(entry).map((name) => [name, value]));
        for (const [where, outcome] of [
          ['path', await send(entry, { fill: () => value })],
          ['query', await send(entry, { query })],
        ]) {
          calls += 1;
          if (outcome === '401' || outcome === '403') refusedAccess += 1;
          if (isFault(outcome)) faults.push(`${entry.file} ${where}=${label} -> ${outcome}`);
        }
      }
    }
    expect(faults).toEqual([]);
    // The corpus reached the handlers: almost every call got past authentication (the resource rules refuse a few).
    expect(refusedAccess / calls).toBeLessThan(0.1);
  }, 300_000);
});

describe('every write route, given malformed bodies and the corpus in every field', () => {
  it('refuses each with a clear 4xx, stores nothing and pollutes no prototype', async () => {
    const before = await fingerprint();
    const outcomes: string[] = [];
    const json = { 'content-type': 'application/json' };
    // Each write goes to a record that does not exist and to one that does, so validation is reached, not only the 404.
    const missing = (name: string) => (name === 'id' ? '00000000-0000-4000-8000-000000000000' : 'sample');
    const stored = (name: string) => (name === 'id' ? storedAssetId : 'sample');
    for (const entry of routes.filter((candidate) => candidate.method !== 'GET' && candidate.access)) {
      for (const fill of entry.file.includes('[id]') ? [missing, stored] : [missing]) {
        const write = (body: string) => send(entry, { headers: json, body, fill });
        for (const [label, body] of Object.entries(BODIES)) outcomes.push(`${entry.method} ${entry.file} body=${label} -> ${await write(body)}`);
        for (const [label, value] of Object.entries(CORPUS)) {
          const body = JSON.stringify(Object.fromEntries(bodyNames(entry).map((name) => [name, value])));
          outcomes.push(`${entry.method} ${entry.file} fields=${label} -> ${await write(body)}`);
        }
        const wrongTypes = JSON.stringify(Object.fromEntries(bodyNames(entry).map((name) => [name, { nested: [1, true, null] }])));
        outcomes.push(`${entry.method} ${entry.file} fields=wrong types -> ${await write(wrongTypes)}`);
      }
    }
    expect(outcomes.filter((line) => !/ -> 4\d\d$/.test(line))).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await fingerprint()).toEqual(before);
  }, 300_000);
});

describe('every server action with form fields, given the corpus in every field', () => {
  it('answers with field errors or a clear message, never the generic failure, and stores nothing', async () => {
    const before = await fingerprint();
    const faults: string[] = [];
    for (const entry of actions) {
      if (entry.access?.kind !== 'action' || !(entry.access.schema instanceof z.ZodObject)) continue;
      const names = Object.keys(entry.access.schema.shape);
      if (names.length === 0) continue;
      for (const [label, value] of Object.entries(CORPUS)) {
        const form = new FormData();
        for (const name of [...names, '__proto__', 'constructor']) form.set(name, value);
        session.userId = superAdmin;
        const result = await entry.action(undefined, form);
        if (result.message === GENERIC_ERROR_MESSAGE) faults.push(`${entry.name} ${label} -> generic failure`);
      }
    }
    expect(faults).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  }, 300_000);
});
