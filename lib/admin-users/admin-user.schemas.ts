import { z } from 'zod';
import { passwordSchema } from '@/lib/auth/login.schemas';
import { ROLES } from '@/lib/auth/permissions';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long.')
  .pipe(z.email({ message: 'Enter a valid email address.' }));
const name = z.string().trim().max(120, 'Name is too long (120 characters at most).');
const role = z.enum(ROLES, { message: 'Choose a role.' });
const id = z.uuid({ message: 'Unknown admin user.' });

export const createAdminUserSchema = z.object({ email, name, role });
export type CreateAdminUserInput = z.infer<typeof createAdminUserSchema>;

export const changeAdminRoleSchema = z.object({ id, role });
export type ChangeAdminRoleInput = z.infer<typeof changeAdminRoleSchema>;

export const setAdminActiveSchema = z.object({ id, isActive: z.enum(['true', 'false']).transform((value) => value === 'true') });
export type SetAdminActiveInput = z.infer<typeof setAdminActiveSchema>;

export const resetAdminPasswordSchema = z.object({ id });
export type ResetAdminPasswordInput = z.infer<typeof resetAdminPasswordSchema>;

export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024, 'Password is too long.'),
    newPassword: passwordSchema,
    confirmPassword: z.string().max(1024, 'Password is too long.'),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two new passwords differ.',
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one.',
  });
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordSchema>;

export const initialSuperAdminSchema = z.object({ email, password: passwordSchema });
