import { z } from 'zod';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);

const optionalDate = z
  .string()
  .optional()
  .transform((value) => value || undefined)
  .pipe(z.iso.date({ message: 'Use YYYY-MM-DD.' }).optional());

/** The audit list's URL query: filters plus a keyset cursor (entries older than `before`). */
export const listAuditQuerySchema = z.object({
  actor: optionalText(254),
  table: optionalText(50),
  action: optionalText(20),
  from: optionalDate,
  to: optionalDate,
  before: z.coerce.number().int().positive().optional().catch(undefined),
  pageSize: z.coerce.number().int().min(10).max(200).default(50).catch(50),
});
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;
