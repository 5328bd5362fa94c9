import { z } from 'zod';
import { transitionReasonSchema } from './asset-lifecycle';

/** Most assets one bulk change touches; a larger "all matching" selection is refused with a hint to narrow the filter. */
export const BULK_ASSET_LIMIT = 5_000;

/** An asset's legacy id (`opp_<ms>` or a number, as text): the grid's row id and the file's key. */
const assetKeySchema = z.string().trim().min(1).max(200);

/**
 * What a bulk change acts on: the grid's ticked rows (legacy ids), or every asset the grid's filter
 * matches (the grid's URL query without its position, parsed by `listAssetQuerySchema`).
 */
export const bulkAssetScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rows'), ids: z.array(assetKeySchema).min(1).max(BULK_ASSET_LIMIT) }),
  z.object({ kind: z.literal('matching'), filter: z.string().max(4000) }),
]);
export type BulkAssetScope = z.infer<typeof bulkAssetScopeSchema>;

export const BULK_STATUS_TARGETS = ['active', 'paused', 'closed'] as const;

/** The change itself. Status changes follow the lifecycle row by row; closing and archiving need a typed reason. */
export const bulkAssetOperationSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('status'), status: z.enum(BULK_STATUS_TARGETS), reason: z.string().optional() }),
  z.object({ operation: z.literal('category'), category: z.string().trim().min(1, 'Name the category.').max(100) }),
  z.object({ operation: z.literal('minTier'), minTier: z.coerce.number().int().min(0).max(5) }),
  z.object({ operation: z.literal('archive'), reason: transitionReasonSchema }),
]);
export type BulkAssetOperation = z.infer<typeof bulkAssetOperationSchema>;

const withClosingReason = <T extends { change: BulkAssetOperation }>(input: T, ctx: z.RefinementCtx) => {
  if (input.change.operation !== 'status' || input.change.status !== 'closed') return;
  const reason = transitionReasonSchema.safeParse(input.change.reason ?? '');
  if (!reason.success) ctx.addIssue({ code: 'custom', path: ['change', 'reason'], message: reason.error.issues[0].message });
};

/** Preview: which assets the scope covers and what the change would do to each, without writing. */
export const previewBulkAssetChangeSchema = z.object({ scope: bulkAssetScopeSchema, change: bulkAssetOperationSchema }).superRefine(withClosingReason);
export type PreviewBulkAssetChangeInput = z.input<typeof previewBulkAssetChangeSchema>;

/**
 * Apply: the legacy ids the preview resolved (so "all matching" means the assets the admin saw
 * counted, not whatever matches a moment later); every row is checked again when it is written.
 */
export const applyBulkAssetChangeSchema = z
  .object({
    ids: z.array(assetKeySchema).min(1).max(BULK_ASSET_LIMIT),
    change: bulkAssetOperationSchema,
  })
  .superRefine(withClosingReason);
export type ApplyBulkAssetChangeInput = z.input<typeof applyBulkAssetChangeSchema>;

/**
 * The bulk dialog sends its input as one JSON form field (`payload`): a scope of thousands of ids and a
 * nested change do not fit flat form fields. Other input is parsed as it is.
 */
export function jsonPayload<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((input) => {
    const payload = typeof input === 'object' && input !== null && 'payload' in input ? input.payload : undefined;
    if (typeof payload !== 'string') return input;
    try {
      return JSON.parse(payload) as unknown;
    } catch {
      return undefined;
    }
  }, schema);
}
