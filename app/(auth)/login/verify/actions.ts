'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/action';
import { mfaCodeSchema } from '@/lib/admin-mfa/admin-mfa.schemas';
import { verifySecondFactor } from '@/lib/admin-mfa/admin-mfa.service';
import { requireValidSession } from '@/lib/auth/session-validity';
import { withEm } from '@/lib/db';
import { toAppError } from '@/lib/errors';
import { requestInfoFrom } from '@/lib/request-info';

/**
 * The second step of a sign-in. Not an adminAction: the session it completes is still pending, which
 * requireActor refuses; it needs a valid session of its own and verifySecondFactor audits every outcome.
 */
export async function verifySecondFactorAction(_previous: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const parsed = mfaCodeSchema.safeParse({ code: formData.get('code') });
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
  const request = requestInfoFrom(await headers());
  let result: Awaited<ReturnType<typeof verifySecondFactor>>;
  try {
    result = await withEm((em) =>
      em.transactional(async (tx) => {
        const session = await requireValidSession(tx);
        return verifySecondFactor(tx, session, parsed.data.code, { source: 'admin-ui', actorId: session.adminId, ...request });
      }),
    );
  } catch (error) {
    return { ok: false, message: toAppError(error)?.message ?? 'Your session has ended. Sign in again.' };
  }
  if (result.ok) redirect('/dashboard');
  if (result.sessionEnded) redirect('/login');
  return { ok: false, fieldErrors: { code: ['That code is not valid.'] } };
}
