'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import type { ActionState } from '@/lib/action';
import { loginSchema } from '@/lib/auth/login.schemas';
import { signIn } from '@/lib/auth/next-auth';

/** One message for every refusal (wrong password, unknown account, throttled client): it tells an attacker nothing. */
const REFUSAL_MESSAGE = 'Invalid email or password.';

/** Login is the one action without a session, so it cannot use adminAction; authenticate() audits it. */
export async function loginAction(_previous: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const parsed = loginSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  if (!parsed.success) {
    return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
  }
  const callbackUrl = String(formData.get('callbackUrl') ?? '');
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/dashboard' });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      return { ok: false, message: REFUSAL_MESSAGE };
    }
    throw error; // the redirect after a successful sign-in travels as an exception
  }
}
