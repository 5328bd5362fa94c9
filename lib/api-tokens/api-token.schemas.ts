import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';

export const MAX_TOKEN_DAYS = 365;

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, 'Give the token a name').max(80),
  role: z.enum(ROLES),
  expiresInDays: z.coerce.number().int('Whole days').min(1, 'At least one day').max(MAX_TOKEN_DAYS, `At most ${MAX_TOKEN_DAYS} days`),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export const revokeApiTokenSchema = z.object({ id: z.uuid() });
