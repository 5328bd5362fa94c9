import type { MikroORM } from '@mikro-orm/postgresql';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser, resetAdminPassword } from '@/lib/admin-users/admin-user.service';
import type { Role } from '@/lib/auth/permissions';
import { apiRoute } from '@/lib/route';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { createApiToken, listApiTokens, revokeApiToken } from './api-token.service';

// No session in these tests: a bearer token is the only credential.
vi.mock('@/lib/auth/next-auth', () => ({ auth: () => Promise.resolve(null) }));

let orm: MikroORM;
const em = () => orm.em.fork();

beforeAll(async () => {
  orm = await useTestOrm();
});

afterAll(async () => {
  const { getOrm } = await import('@/lib/db');
  await (await getOrm()).close(true);
});

async function admin(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(em(), { email: randomEmail(role), name: role, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

// An auditor route: answers with the audit label and source the wrapper set for the transaction.
const auditorRoute = apiRoute({ permission: 'audit:read' }, async ({ em: tx }) => {
  const [row] = await tx.execute<Array<{ label: string; source: string }>>(
    `SELECT current_setting('pend.actor_label', true) AS label, current_setting('pend.source', true) AS source`,
  );
  return Response.json({ label: row.label, source: row.source });
});

async function callWith(secret: string | null) {
  const request = new NextRequest('http://127.0.0.1:3002/api/test', { headers: secret ? { authorization: `Bearer ${secret}` } : {} });
  const response = await auditorRoute(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('personal API tokens', () => {
  it('are shown once: only the SHA-256 and a short prefix are stored', async () => {
    const owner = await admin('auditor');
    const { token, secret } = await createApiToken(em(), owner, { name: 'nightly report', role: 'auditor', expiresInDays: 30 });
    expect(secret).toMatch(/^pend_[\w-]{43}$/);
    expect(token.prefix).toBe(secret.slice(0, 12));
    const [stored] = await em().execute<Array<Record<string, unknown>>>(`SELECT * FROM api_tokens WHERE id = ?`, [token.id]);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await listApiTokens(em(), owner.id)).map((listed) => listed.id)).toEqual([token.id]);
  });

  it('cannot be given a role with rights the owner lacks, nor an expiry past 365 days', async () => {
    const owner = await admin('asset_manager');
    await expect(createApiToken(em(), owner, { name: 'x', role: 'kyc_verifier', expiresInDays: 30 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createApiToken(em(), owner, { name: 'x', role: 'viewer', expiresInDays: 366 })).rejects.toThrow();
  });

  it('acts for its owner through the permission matrix, audited under the api-token source with the owner and the token id', async () => {
    const owner = await admin('auditor');
    const { token, secret } = await createApiToken(em(), owner, { name: 'audit export', role: 'auditor', expiresInDays: 1 });
    expect(await callWith(secret)).toEqual({ status: 200, body: { label: `${owner.email} via API token ${token.id}`, source: 'api-token' } });
    const lastUsed = async () => (await listApiTokens(em(), owner.id))[0].lastUsedAt;
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await callWith(secret);
    expect(await lastUsed(), 'last used is written at most once a minute').toBe(first);
  });

  it('a viewer token cannot reach an auditor route (403), even when its owner could', async () => {
    const owner = await admin('auditor');
    const { secret } = await createApiToken(em(), owner, { name: 'read only', role: 'viewer', expiresInDays: 1 });
    expect((await callWith(secret)).status).toBe(403);
  });

  it('a revoked token gets 401', async () => {
    const owner = await admin('auditor');
    const { token, secret } = await createApiToken(em(), owner, { name: 'to revoke', role: 'auditor', expiresInDays: 1 });
    await revokeApiToken(em(), owner, token.id);
    expect(await callWith(secret)).toMatchObject({ status: 401, body: { error: expect.any(String) } });
  });

  it('an expired token, a deactivated owner, a demoted owner and an unknown secret get 401', async () => {
    const expiredOwner = await admin('auditor');
    const expired = await createApiToken(em(), expiredOwner, { name: 'old', role: 'auditor', expiresInDays: 1 });
    await (
      await ownerEm()
    ).execute(`UPDATE api_tokens SET created_at = now() - interval '3 days', expires_at = now() - interval '1 day' WHERE id = ?`, [expired.token.id]);
    expect((await callWith(expired.secret)).status).toBe(401);

    const leaver = await admin('auditor');
    const left = await createApiToken(em(), leaver, { name: 'leaver', role: 'auditor', expiresInDays: 1 });
    await em().execute(`UPDATE admin_users SET is_active = false WHERE id = ?`, [leaver.id]);
    expect((await callWith(left.secret)).status).toBe(401);

    const demoted = await admin('auditor');
    const strong = await createApiToken(em(), demoted, { name: 'strong', role: 'auditor', expiresInDays: 1 });
    await em().execute(`UPDATE admin_users SET role = 'viewer' WHERE id = ?`, [demoted.id]);
    expect((await callWith(strong.secret)).status).toBe(401);

    expect((await callWith('pend_not-a-token')).status).toBe(401);
    expect((await callWith(null)).status).toBe(401);
  });

  it('a password reset of the owner revokes every token of the account', async () => {
    const owner = await admin('auditor');
    const first = await createApiToken(em(), owner, { name: 'first', role: 'auditor', expiresInDays: 1 });
    const second = await createApiToken(em(), owner, { name: 'second', role: 'viewer', expiresInDays: 1 });
    const bystander = await admin('auditor');
    const kept = await createApiToken(em(), bystander, { name: 'kept', role: 'auditor', expiresInDays: 1 });
    await em().transactional((tx) => resetAdminPassword(tx, { id: owner.id }));
    expect((await listApiTokens(em(), owner.id)).map((token) => token.revokedAt)).toEqual([expect.any(String), expect.any(String)]);
    expect((await callWith(first.secret)).status).toBe(401);
    expect((await callWith(second.secret)).status).toBe(401);
    expect((await callWith(kept.secret)).status).toBe(200);
  });

  it('cannot be revoked by another admin', async () => {
    const owner = await admin('viewer');
    const other = await admin('super_admin');
    const { token } = await createApiToken(em(), owner, { name: 'mine', role: 'viewer', expiresInDays: 1 });
    await expect(revokeApiToken(em(), other, token.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
