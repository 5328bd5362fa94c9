'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { changeAdminRoleSchema, createAdminUserSchema, resetAdminPasswordSchema, setAdminActiveSchema } from '@/lib/admin-users/admin-user.schemas';
import { changeAdminRole, createAdminUser, resetAdminPassword, setAdminActive } from '@/lib/admin-users/admin-user.service';
import { resetAdminMfaSchema } from '@/lib/admin-mfa/admin-mfa.schemas';
import { resetAdminMfa } from '@/lib/admin-mfa/admin-mfa.service';
import { ROLE_LABELS } from '@/lib/auth/permissions';

const PAGE = '/settings/admin-users';
const access = { permission: 'admin-users:manage' } as const;

type OneTimePassword = { email: string; oneTimePassword: string };

export const createAdminUserAction = adminAction<typeof createAdminUserSchema, OneTimePassword>(
  { ...access, schema: createAdminUserSchema },
  async ({ input, em }) => {
    const { user, oneTimePassword } = await createAdminUser(em, input);
    revalidatePath(PAGE);
    return { ok: true, message: `Created ${user.email}.`, data: { email: user.email, oneTimePassword } };
  },
);

export const changeAdminRoleAction = adminAction({ ...access, schema: changeAdminRoleSchema }, async ({ input, actor, em }) => {
  const user = await changeAdminRole(em, actor, input);
  revalidatePath(PAGE);
  return { ok: true, message: `${user.email} is now ${ROLE_LABELS[user.role]}.` };
});

export const setAdminActiveAction = adminAction({ ...access, schema: setAdminActiveSchema }, async ({ input, actor, em }) => {
  const user = await setAdminActive(em, actor, input);
  revalidatePath(PAGE);
  return { ok: true, message: `${user.email} is ${user.isActive ? 'active again' : 'deactivated'}.` };
});

export const resetAdminPasswordAction = adminAction<typeof resetAdminPasswordSchema, OneTimePassword>(
  { ...access, schema: resetAdminPasswordSchema },
  async ({ input, em }) => {
    const { user, oneTimePassword } = await resetAdminPassword(em, input);
    revalidatePath(PAGE);
    return { ok: true, message: `Password reset for ${user.email}.`, data: { email: user.email, oneTimePassword } };
  },
);

export const resetAdminMfaAction = adminAction({ ...access, schema: resetAdminMfaSchema }, async ({ input, em, audit }) => {
  await resetAdminMfa(em, input.id, audit);
  revalidatePath(PAGE);
  return { ok: true, message: 'Two-step sign-in was reset; they set it up again at their next sign-in if their role requires it.' };
});
