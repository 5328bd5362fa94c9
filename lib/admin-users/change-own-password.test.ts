import { beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { AdminUser } from './admin-user.entity';
import { changeOwnPasswordSchema } from './admin-user.schemas';
import { changeOwnPassword } from './admin-user.service';

const CURRENT = 'the current password 1';
const NEXT = 'a brand new password 2';

let orm: MikroORM;
beforeAll(async () => {
  orm = await useTestOrm();
});

async function createAdmin() {
  const em = orm.em.fork();
  const user = em.create(AdminUser, { email: randomEmail(), name: 'Test', role: 'viewer', passwordHash: await hashPassword(CURRENT) });
  await em.flush();
  return user.id;
}

async function storedHash(id: string) {
  return (await orm.em.fork().findOneOrFail(AdminUser, { id })).passwordHash;
}

describe('changeOwnPassword', () => {
  it('replaces the password when the current one is given, and records when it changed', async () => {
    const id = await createAdmin();
    const input = changeOwnPasswordSchema.parse({ currentPassword: CURRENT, newPassword: NEXT, confirmPassword: NEXT });
    expect(await changeOwnPassword(orm.em.fork(), { id }, input)).toEqual({ ok: true });

    const user = await orm.em.fork().findOneOrFail(AdminUser, { id });
    expect(await verifyPassword(user.passwordHash, NEXT)).toBe(true);
    expect(await verifyPassword(user.passwordHash, CURRENT)).toBe(false);
    expect(user.passwordChangedAt).toBeInstanceOf(Date);
  });

  it('refuses a wrong current password as a field error and keeps the old password', async () => {
    const id = await createAdmin();
    const before = await storedHash(id);
    const input = changeOwnPasswordSchema.parse({ currentPassword: 'not it at all', newPassword: NEXT, confirmPassword: NEXT });
    expect(await changeOwnPassword(orm.em.fork(), { id }, input)).toEqual({
      ok: false,
      fieldErrors: { currentPassword: ['The current password is not right.'] },
    });
    expect(await storedHash(id)).toBe(before);
  });

  it('rejects a confirmation that differs, a short password and a reused one before any database work', () => {
    const mismatch = changeOwnPasswordSchema.safeParse({ currentPassword: CURRENT, newPassword: NEXT, confirmPassword: `${NEXT}x` });
    expect(mismatch.success ? [] : mismatch.error.issues.map((issue) => issue.path.join('.'))).toEqual(['confirmPassword']);
    const short = changeOwnPasswordSchema.safeParse({ currentPassword: CURRENT, newPassword: 'short', confirmPassword: 'short' });
    expect(short.success ? [] : short.error.issues.map((issue) => issue.path.join('.'))).toContain('newPassword');
    const reused = changeOwnPasswordSchema.safeParse({ currentPassword: CURRENT, newPassword: CURRENT, confirmPassword: CURRENT });
    expect(reused.success ? [] : reused.error.issues.map((issue) => issue.path.join('.'))).toEqual(['newPassword']);
  });
});
