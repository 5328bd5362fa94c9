'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/action';
import { createApiTokenSchema, revokeApiTokenSchema } from '@/lib/api-tokens/api-token.schemas';
import { createApiToken, revokeApiToken } from '@/lib/api-tokens/api-token.service';

const PAGE = '/account/api-tokens';
// Every role may hold tokens for itself (within its own role); the page and actions need only a session.
const access = { permission: 'dashboard:read' } as const;

export const createApiTokenAction = adminAction<typeof createApiTokenSchema, { name: string; secret: string }>(
  { ...access, schema: createApiTokenSchema },
  async ({ input, actor, em }) => {
    const { token, secret } = await createApiToken(em, actor, input);
    revalidatePath(PAGE);
    return { ok: true, message: `Created ${token.name}.`, data: { name: token.name, secret } };
  },
);

export const revokeApiTokenAction = adminAction({ ...access, schema: revokeApiTokenSchema }, async ({ input, actor, em }) => {
  await revokeApiToken(em, actor, input.id);
  revalidatePath(PAGE);
  return { ok: true, message: 'Token revoked.' };
});
