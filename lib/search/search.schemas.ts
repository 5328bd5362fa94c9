import { z } from 'zod';

/** The command palette's query: free text, trimmed; what it means (digits, 0x…, words) is decided by the service. */
export const searchEverythingSchema = z.object({
  q: z.string().trim().min(2, 'Type at least two characters.').max(200, 'Search text is too long.'),
});
export type SearchEverythingInput = z.infer<typeof searchEverythingSchema>;
