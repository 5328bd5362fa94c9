import { z } from 'zod';

/** Bounds keep a 1 MB paste from reaching argon2 or the database. */
export const loginSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'Email is too long.')
    .pipe(z.email({ message: 'Enter a valid email address.' })),
  password: z.string().min(1, 'Enter your password.').max(1024, 'Password is too long.'),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const PASSWORD_MIN_LENGTH = 12;
/** The rules `passwordSchema` and the change-password refinements enforce, shown before the form is sent. */
export const PASSWORD_RULES = `At least ${PASSWORD_MIN_LENGTH} characters (a phrase of a few words works well), different from the current password.`;

export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`).max(1024, 'Password is too long.');
