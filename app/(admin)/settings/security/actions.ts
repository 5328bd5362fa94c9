'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { setMfaRequiredRoles } from '@/lib/admin-mfa/mfa-policy';
import { mfaRequiredRolesSchema } from '@/lib/admin-mfa/mfa-policy.schemas';
import { ROLE_LABELS } from '@/lib/auth/permissions';

export const setMfaRequiredRolesAction = adminAction({ permission: 'admin-users:manage', schema: mfaRequiredRolesSchema }, async ({ input, em }) => {
  const saved = await setMfaRequiredRoles(em, input);
  revalidatePath('/settings/security');
  return { ok: true, message: `Two-step sign-in is now required for: ${saved.map((role) => ROLE_LABELS[role]).join(', ')}.` };
});
