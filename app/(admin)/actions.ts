'use server';

import { adminAction } from '@/lib/action';
import { changeOwnPasswordSchema } from '@/lib/admin-users/admin-user.schemas';
import { changeOwnPassword } from '@/lib/admin-users/admin-user.service';
import { auth, signOut } from '@/lib/auth/next-auth';
import type { SearchResults } from '@/lib/search/search.dto';
import { searchEverythingSchema } from '@/lib/search/search.schemas';
import { searchEverything } from '@/lib/search/search.service';

// Shell-wide actions (user menu, command palette). Every role holds dashboard:read, so it stands for
// "any active admin"; the search service then narrows each result group to the role's own permissions.
const anyAdmin = { permission: 'dashboard:read' } as const;

// The one action a session still holding a one-time password may run (lib/actor.ts).
export const changeOwnPasswordAction = adminAction({ permission: 'account:own', schema: changeOwnPasswordSchema }, async ({ input, actor, em }) => {
  const result = await changeOwnPassword(em, actor, input, (await auth())?.sessionId);
  return result.ok ? { ok: true, message: 'Your password has been changed.' } : { ok: false, fieldErrors: result.fieldErrors };
});

export const searchEverythingAction = adminAction<typeof searchEverythingSchema, SearchResults>(
  { ...anyAdmin, schema: searchEverythingSchema },
  async ({ input, actor, em }) => ({ ok: true, data: await searchEverything(em, actor.role, input) }),
);

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}
