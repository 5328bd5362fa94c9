import 'server-only';
import { redirect } from 'next/navigation';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireActor, type Actor } from '@/lib/actor';
import type { Permission } from '@/lib/auth/permissions';
import { SessionStepRequired } from '@/lib/auth/session-validity';
import { withEm } from '@/lib/db';
import { AppError } from '@/lib/errors';

export type PageResult<Data> = { allowed: true; actor: Actor; data: Data } | { allowed: false; actor: null; message: string };

/**
 * Loader wrapper for server components: a request-scoped EntityManager, a signed-in admin (else a
 * redirect to /login, or to the step the session owes first) and the page's permission (else a refusal
 * the page renders).
 */
export async function loadPage<Data>(permission: Permission, load: (context: { em: EntityManager; actor: Actor }) => Promise<Data>): Promise<PageResult<Data>> {
  const outcome = await withEm(async (em) => {
    try {
      const actor = await requireActor(em, permission);
      return { allowed: true as const, actor, data: await load({ em, actor }) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAUTHORIZED') return 'sign-in' as const;
      if (error instanceof SessionStepRequired) return error;
      if (error instanceof AppError && error.code === 'FORBIDDEN') {
        return { allowed: false as const, actor: null, message: 'Your role does not give access to this page.' };
      }
      throw error;
    }
  });
  if (outcome === 'sign-in') redirect('/login');
  if (outcome instanceof SessionStepRequired) redirect(outcome.path);
  return outcome;
}
