import { z } from 'zod';

export const walletAddressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'Invalid wallet address');
export const phoneNumberSchema = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'Invalid phone number');

export const addressParamsSchema = z.object({ address: walletAddressSchema });

/** A whole number from a query string; an absent value takes the default. */
export const queryInt = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** `0`–`5` as a number or numeric text (form posts send text); anything else is the legacy 400. */
export const tierSchema = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+$/)
      .transform(Number),
  ])
  .refine((tier) => Number.isInteger(tier) && tier >= 0 && tier <= 5, 'Invalid tier level');

export const paginationSchema = z.object({ page: z.number().int(), limit: z.number().int(), total: z.number().int(), totalPages: z.number().int() });

export function paginate<T>(items: readonly T[], page: number, limit: number): { items: T[]; pagination: z.infer<typeof paginationSchema> } {
  return {
    items: items.slice((page - 1) * limit, page * limit),
    pagination: { page, limit, total: items.length, totalPages: Math.max(1, Math.ceil(items.length / limit)) },
  };
}

export const successTrue = z.literal(true);
