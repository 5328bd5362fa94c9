import { z } from 'zod';
import { LEGACY_SOURCES, type SourceId } from '@/lib/legacy/sources';

const SOURCE_IDS = LEGACY_SOURCES.map((source) => source.id) as [SourceId, ...SourceId[]];

/** "Verify now" has no input: it always checks every source against the legacy folder. */
export const verifyMigrationSchema = z.object({});

export const reimportSourceSchema = z.object({
  source: z.enum(SOURCE_IDS, { message: 'Choose one of the legacy sources.' }),
});

/** The page's URL query: which source's mismatches to page through, and the keyset cursor. */
export const migrationPageQuerySchema = z.object({
  mismatchSource: z.enum(SOURCE_IDS).optional().catch(undefined),
  mismatchAfter: z.coerce.number().int().positive().optional().catch(undefined),
});
export type MigrationPageQuery = z.infer<typeof migrationPageQuerySchema>;
