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

export const passwordSchema = z.string().min(12, 'Use at least 12 characters.').max(1024, 'Password is too long.');
