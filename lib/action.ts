import 'server-only';
import { headers } from 'next/headers';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { requireActor, type Actor } from '@/lib/actor';
import { setAuditContext, type AuditContext } from '@/lib/audit/audit-context';
import type { Permission } from '@/lib/auth/permissions';
import { withEm } from '@/lib/db';
import { registerEntryPoint } from '@/lib/entry-points';
import { AppError, GENERIC_ERROR_MESSAGE, toAppError } from '@/lib/errors';
import { refuseNulCharacters } from '@/lib/input-guards';
import { requestInfoFrom } from '@/lib/request-info';

/** What every form action returns; `useActionState` renders `message` and `fieldErrors`. */
export type ActionState<Data = undefined> = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  data?: Data;
};

/**
 * `audit` is the context the wrapper set for this transaction; services that record events take it from here.
 * `afterCommit` runs a task once the transaction has committed (skipped when it rolls back): invalidating a
 * cache earlier would let a concurrent read cache the old rows again under the new generation.
 */
type ActionContext<Input> = { input: Input; actor: Actor; em: EntityManager; audit: AuditContext; afterCommit: (task: () => Promise<void>) => void };

/**
 * The one way to build a server action: authenticate, authorize by role, parse input with zod, run the
 * handler in one transaction whose audit context (actor, IP, user agent) the triggers record, and map
 * errors to an ActionState. A page hiding a button is never the only guard.
 */
export function adminAction<Schema extends z.ZodType, Data = undefined>(
  { permission, schema }: { permission: Permission; schema: Schema },
  handler: (context: ActionContext<z.infer<Schema>>) => Promise<ActionState<Data>>,
): (previous: ActionState<Data> | undefined, formData: FormData) => Promise<ActionState<Data>> {
  const action = async (_previous: ActionState<Data> | undefined, formData: FormData): Promise<ActionState<Data>> => {
    try {
      const request = requestInfoFrom(await headers());
      const committed: Array<() => Promise<void>> = [];
      const state = await withEm((em) =>
        em.transactional(async (tx) => {
          const actor = await requireActor(tx, permission);
          const input = formData instanceof FormData ? Object.fromEntries(formData) : formData;
          refuseNulCharacters(input);
          const parsed = schema.safeParse(input);
          if (!parsed.success) {
            const error = toAppError(parsed.error);
            return { ok: false, message: error?.message, fieldErrors: error?.fieldErrors };
          }
          const audit: AuditContext = { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui', ...request };
          await setAuditContext(tx, audit);
          return handler({ input: parsed.data, actor, em: tx, audit, afterCommit: (task) => committed.push(task) });
        }),
      );
      // The change is committed: a failed cache invalidation is logged, not reported as a failed change (the TTLs bound it).
      for (const task of committed) await task().catch((error: unknown) => console.error(error));
      return state;
    } catch (error) {
      const appError = toAppError(error);
      if (!appError) return { ok: false, message: GENERIC_ERROR_MESSAGE };
      return { ok: false, message: appError.message, fieldErrors: appError.fieldErrors };
    }
  };
  return registerEntryPoint(action, { kind: 'action', permission, schema });
}

export { AppError };
