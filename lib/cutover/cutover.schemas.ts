import { z } from 'zod';

/** A typed reason is part of the audit record of a storage-mode switch. */
export const storageSwitchSchema = z.object({
  reason: z.string().trim().min(10, 'Say why, in at least 10 characters: it goes into the audit trail.').max(500, 'Keep the reason under 500 characters.'),
});
export type StorageSwitchInput = z.infer<typeof storageSwitchSchema>;
