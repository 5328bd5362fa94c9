'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import type { ActionState } from '@/lib/action';
import { loginSchema } from '@/lib/auth/login.schemas';
import { LoginRefused, signIn } from '@/lib/auth/next-auth';

const REFUSAL_MESSAGES = {
  invalid: 'Invalid email or password.',
  input: 'Invalid email or password.',
  locked: 'Too many failed attempts. Sign-in is locked for 15 minutes.',
} as const;

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
      const code = error instanceof LoginRefused ? error.code : (error.cause as { err?: LoginRefused })?.err?.code;
      return { ok: false, message: REFUSAL_MESSAGES[code ?? 'invalid'] ?? REFUSAL_MESSAGES.invalid };
    }
    throw error; // the redirect after a successful sign-in travels as an exception
  }
}
